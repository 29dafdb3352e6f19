import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { answerClientFaults, type FaultAnswers } from '../util/client-faults';
import { adoptableConstructors, registerAdopter } from './request-prototypes';

export interface ServerLimits {
  /** The whole request, headers and body; Node's default (300 s) lets a slow upload hold a connection for minutes. */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Connections beyond this are refused by the kernel backlog instead of served. */
  maxConnections?: number;
}

export interface Listening {
  server: http.Server;
  url: string;
  /**
   * Stops accepting connections, lets requests in flight finish for up to
   * `graceMs`, then closes whatever is left. Idle keep-alive sockets close at once.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * An HTTP server with the given limits, not yet listening (Apollo's drain
 * plugin needs it before it listens); `faults` answers what Node's parser and
 * timeouts refuse in the server's own error shape (client-faults.ts).
 */
export function createServer(handler: RequestListener | undefined, limits: ServerLimits = {}, faults?: FaultAnswers): http.Server {
  // Node checks the request and headers timeouts on this interval (30 s by default), so it bounds how late they fire.
  const checkEvery = Math.max(250, Math.min(limits.headersTimeoutMs ?? 30_000, limits.requestTimeoutMs ?? 30_000) / 4);
  const constructors = adoptableConstructors();
  const server = http.createServer(
    { connectionsCheckingInterval: checkEvery, ...(constructors && { IncomingMessage: constructors.IncomingMessage, ServerResponse: constructors.ServerResponse }) },
    handler,
  );
  if (constructors) registerAdopter(server, constructors.adopt);
  // Keep-alive sockets outliving their client would hold close() open.
  server.keepAliveTimeout = 5_000;
  if (limits.requestTimeoutMs !== undefined) server.requestTimeout = limits.requestTimeoutMs;
  if (limits.headersTimeoutMs !== undefined) server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs ?? Infinity);
  if (limits.maxConnections !== undefined) server.maxConnections = limits.maxConnections;
  if (faults) answerClientFaults(server, faults);
  return server;
}

/** Listens on host:port (port 0 picks a free one) and says where. */
export async function listen(handler: RequestListener | http.Server, port: number, host: string, limits: ServerLimits = {}, faults?: FaultAnswers): Promise<Listening> {
  const server = handler instanceof http.Server ? handler : createServer(handler, limits, faults);
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}`, close: (graceMs = 0) => closeGracefully(server, graceMs) };
}

export function closeGracefully(server: http.Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!server.listening) return resolve();
    // close() stops new connections only: Node goes on serving new requests on open keep-alive
    // ones, so a client with steady traffic (the gateway's SDK) keeps the server from draining
    // until the grace ends, and whatever is in flight then is cut. From now on every answer
    // closes its connection (test/faults-under-load.test.ts).
    server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.setHeader('connection', 'close'));
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
