import { maxHeaderSize, STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '../services/error-codes';

/**
 * Faults Node's HTTP server finds before (or beside) any handler: a request
 * that does not arrive within headersTimeout / requestTimeout, headers over
 * its limit, a connection closed halfway through a body, bytes that are not
 * HTTP. Node answers them with a bare status line ("HTTP/1.1 408"); the
 * gateway answers in the GraphQL-over-HTTP error shape its other errors use,
 * so a client parses one format and reads a code.
 */
export function answerClientErrorsAsGraphQL(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    // As Node itself does: answer only while nothing of a response has gone out on this connection.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      const { status, code, message } = describe(error, server);
      const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          'Content-Type: application/json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n' +
          body,
      );
    }
    socket.destroy(error);
  });
}

function describe(error: Error & { code?: string }, server: Server): { status: number; code: string; message: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: ErrorCode.REQUEST_TIMEOUT,
        message: `The request did not arrive in time: its headers must come within ${seconds(server.headersTimeout)} and all of it within ${seconds(server.requestTimeout)} (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS). Send it again.`,
      };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE, message: `The request's headers are over the ${Math.round(((server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize) / 1024)} KiB the gateway reads.` };
    case 'HPE_INVALID_EOF_STATE':
      return { status: 400, code: 'BAD_REQUEST', message: 'The connection was closed before the request had all arrived.' };
    default:
      return { status: 400, code: 'BAD_REQUEST', message: `The request is not valid HTTP/1.1${error.code?.startsWith('HPE_') ? ` (${error.code})` : ''}.` };
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
