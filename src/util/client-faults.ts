import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A fault Node's HTTP server finds on a connection before (or beside) any
 * handler: a request that does not arrive within headersTimeout /
 * requestTimeout, headers over its limit, a connection closed halfway
 * through a request, bytes that are not HTTP/1.1.
 */
export interface ClientFault {
  kind: 'timeout' | 'headers-too-large' | 'closed-early' | 'malformed';
  /** Node's code for it (ERR_HTTP_REQUEST_TIMEOUT, HPE_...). */
  code?: string;
  /** The request's target, when it can be told: the request in flight, else the start of the bytes Node could not parse. */
  target?: string;
  /** The request in flight on the connection, when its headers had all come. */
  request?: IncomingMessage;
  server: Server;
}

export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type FaultAnswers = (fault: ClientFault) => FaultAnswer;

/**
 * Answers such faults with `answers` (the server's own error shape) where
 * Node would write a bare status line ("HTTP/1.1 408"), then closes the
 * connection, as Node does. Only while the request the fault is in has had
 * no answer begun: past that, an answer would corrupt it, or be taken by a
 * keep-alive client for the answer to its next request. A fault behind a
 * pipelined request still being answered waits for that answer to end.
 */
export function answerClientFaults(server: Server, answers: FaultAnswers): void {
  // Connections waiting for an earlier answer to end before their fault's: more bytes on them fault again.
  const waiting = new WeakSet<Duplex>();
  server.on('clientError', (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
    if (waiting.has(socket)) return;
    const connection = socket as Duplex & { _httpMessage?: ServerResponse | null; parser?: { incoming?: IncomingMessage | null } | null };
    // The request whose body is being read, and the response on the connection.
    const parsing = connection.parser?.incoming ?? undefined;
    const inFlight = connection._httpMessage ?? undefined;
    const answer = (response: ServerResponse | undefined, request: IncomingMessage | undefined) => {
      if (!socket.writable) return;
      const { status, headers, body } = answers({ kind: kindOf(error.code), code: error.code, target: request?.url ?? targetIn(error.rawPacket), request, server });
      // What the handler had set on its response (a request id, CORS, security headers) goes out too: a browser can then read the answer.
      const lines = new Map<string, string>();
      for (const [name, value] of Object.entries(response?.getHeaders() ?? {})) if (value !== undefined) lines.set(name, [value].flat().map((v) => `${name}: ${v}`).join('\r\n'));
      for (const [name, value] of Object.entries({ ...headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' })) lines.set(name.toLowerCase(), `${name}: ${value}`);
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${[...lines.values()].join('\r\n')}\r\n\r\n${body}`);
    };
    if (error.code === 'ECONNRESET') return void socket.destroy(error);
    if (inFlight?.req?.complete && !inFlight.writableFinished) {
      // The fault is in a request pipelined behind one that has all come and is being answered: that answer goes
      // out whole first (Node would cut it off), then this one's, which is not that request's (none of its headers).
      waiting.add(socket);
      let done = false;
      const then = () => {
        if (done) return;
        done = true;
        answer(undefined, undefined);
        socket.destroy(error);
      };
      inFlight.once('finish', () => setImmediate(then));
      inFlight.once('close', then);
      return;
    }
    // A handler may answer before the body has come (a refused upload) and keep the connection: Node then detaches
    // that response from the socket while the body is still read, so a request being read with no response on the
    // connection has had its answer.
    const answered = inFlight ? inFlight.headersSent : parsing !== undefined;
    if (!answered) answer(inFlight, inFlight?.req ?? parsing);
    socket.destroy(error);
  });
}

function kindOf(code: string | undefined): ClientFault['kind'] {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'timeout';
    case 'HPE_HEADER_OVERFLOW':
      return 'headers-too-large';
    case 'HPE_INVALID_EOF_STATE':
      return 'closed-early';
    default:
      return 'malformed';
  }
}

/** The target of a request line ("GET /path HTTP/1.1") at the start of bytes Node could not parse. */
function targetIn(raw: Buffer | undefined): string | undefined {
  const line = raw?.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0];
  const target = line?.split(' ')[1];
  return target?.startsWith('/') ? target : undefined;
}
