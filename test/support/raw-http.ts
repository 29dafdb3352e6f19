import { connect } from 'node:net';

/*
 * HTTP/1.1 by hand, for tests that must control every byte a client sends:
 * invalid UTF-8 in a path, a Content-Length that lies, a multipart body cut
 * off mid-file. fetch and node:http refuse to send most of these.
 */

export interface RawAnswer {
  /** 0 when the connection closed without an answer. */
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** The request target as sent; each character below U+0100 is one byte (latin1), so '\xff' sends the byte 0xFF. */
  target: string;
  /** Values are sent as latin1 too. */
  headers?: Record<string, string | number>;
  body?: Buffer | string;
  /** The declared Content-Length: the body's length by default (when there is a body); null sends none. */
  contentLength?: number | string | null;
  /** Sends the head and this many bytes of the body, then drops the connection: a client that dies mid-upload. */
  abortAfterBytes?: number;
  /** Sends the head and this many bytes of the body, then closes its side and waits for the answer: a client that gives up sending. */
  endAfterBytes?: number;
  /** No answer by then fails the request (default 10 s). */
  timeoutMs?: number;
}

/** One request on a fresh connection (`Connection: close`); resolves with what the server answered. */
export function rawRequest(base: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(base);
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : (request.body ?? null);
  const length = request.contentLength === undefined ? body?.length : request.contentLength;
  const headers: Record<string, string | number> = { host: url.host, connection: 'close', ...request.headers };
  if (length !== undefined && length !== null) headers['content-length'] = length;
  const head = `${request.method ?? 'GET'} ${request.target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  const timeoutMs = request.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    const socket = connect(Number(url.port), url.hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${request.method ?? 'GET'} ${request.target.slice(0, 100)}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    // A server may answer and close before it has read the whole body; what it said still counts.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseAnswer(Buffer.concat(received)));
    });
    socket.on('connect', () => {
      socket.write(Buffer.from(head, 'latin1'));
      if (request.abortAfterBytes !== undefined) {
        socket.write(body?.subarray(0, request.abortAfterBytes) ?? Buffer.alloc(0), () => setTimeout(() => socket.destroy(), 50));
        return;
      }
      if (request.endAfterBytes !== undefined) {
        socket.end(body?.subarray(0, request.endAfterBytes) ?? Buffer.alloc(0));
        return;
      }
      if (body) socket.write(body);
    });
  });
}

/** Sends `bytes` as they are (a request cut short anywhere) and nothing more; resolves with what the server answered before it closed the connection. */
export function rawBytes(base: string, bytes: string): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = connect(Number(url.port), url.hostname, () => socket.write(Buffer.from(bytes, 'latin1')));
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(parseAnswer(Buffer.concat(received))));
  });
}

/** An answer as the server sent it: status line, headers, body. */
export function parseAnswer(raw: Buffer): RawAnswer {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: raw.toString('utf8') };
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: body.toString('utf8') };
}

function dechunk(raw: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let at = 0; at < raw.length; ) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    chunks.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(chunks);
}

export interface Part {
  name: string;
  filename?: string;
  type?: string;
  body: Buffer | string;
}

/** A multipart/form-data body with exactly these parts, in this order; `closed: false` leaves out the final boundary. */
export function multipartBody(boundary: string, parts: Part[], { closed = true } = {}): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`, 'utf8'));
    pieces.push(typeof part.body === 'string' ? Buffer.from(part.body, 'utf8') : part.body, Buffer.from('\r\n'));
  }
  if (closed) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}
