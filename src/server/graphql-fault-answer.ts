import { maxHeaderSize, type Server } from 'node:http';
import { ErrorCode } from '../services/error-codes';
import type { ClientFault, FaultAnswer } from '../util/client-faults';
import { graphqlErrorBody } from './http-errors';

/**
 * The gateway answers faults Node's HTTP server finds (client-faults.ts) in
 * the GraphQL-over-HTTP error shape its other errors use, so a client parses
 * one format and reads a code.
 */
export function graphqlFaultAnswer(fault: ClientFault): FaultAnswer {
  const { status, code, message } = describe(fault);
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    body: JSON.stringify(graphqlErrorBody(code, message)),
  };
}

function describe({ kind, code, server }: ClientFault): { status: number; code: string; message: string } {
  switch (kind) {
    case 'timeout':
      return {
        status: 408,
        code: ErrorCode.REQUEST_TIMEOUT,
        message: `The request did not arrive in time: its headers must come within ${seconds(server.headersTimeout)} and all of it within ${seconds(server.requestTimeout)} (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS). Send it again.`,
      };
    case 'headers-too-large':
      return { status: 431, code: ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE, message: `The request's headers are over the ${Math.round(headerLimit(server) / 1024)} KiB the gateway reads.` };
    case 'closed-early':
      return { status: 400, code: 'BAD_REQUEST', message: 'The connection was closed before the request had all arrived.' };
    case 'malformed':
      return { status: 400, code: 'BAD_REQUEST', message: `The request is not valid HTTP/1.1${code?.startsWith('HPE_') ? ` (${code})` : ''}.` };
  }
}

function headerLimit(server: Server): number {
  return (server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
