import type { ApolloServerPlugin } from '@apollo/server';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { ErrorCode } from '../services/error-codes';
import { servesHost } from './host-check';
import type { ConnectionParams, SocketExtra } from './subscription-protocol';

export interface SubscriptionServerOptions {
  /** The gateway's HTTP server: sockets are upgraded from its requests. */
  httpServer: Server;
  /** The GraphQL path, the same as over HTTP. */
  path: string;
  /** The same Host rule as every HTTP request (host-check.ts), against DNS rebinding. */
  allowedHosts: readonly string[];
  /** Browser origins allowed to open a socket: CORS_ORIGINS, as for HTTP. */
  corsOrigins: readonly string[];
  /** Largest message a client may send. */
  maxMessageBytes: number;
  /** What the sockets speak (subscription-protocol.ts). */
  protocol: ServerOptions<ConnectionParams, SocketExtra>;
  log(message: string, error: unknown): void;
}

export interface SubscriptionServer {
  /** Open sockets (for tests and /metrics). */
  readonly clients: number;
  /**
   * Takes no more sockets, closes the open ones with 1001 (Going away), and
   * cuts those whose client has not answered the close within `graceMs`, so
   * a shutdown never waits on a subscriber.
   */
  dispose(graceMs?: number): Promise<void>;
}

/** How often a socket is pinged; one that has not answered the last ping by the next is cut. */
const KEEP_ALIVE_MS = 12_000;
const CLOSE_HANDSHAKE_MS = 1_000;

/**
 * GraphQL subscriptions over WebSocket on the HTTP server's own port and
 * path: `GET /graphql` with `Upgrade: websocket`. The upgrade request gets
 * the checks Express would give any request first (Host, and for browsers
 * the Origin: the gateway's own pages, or the CORS allow-list: a page elsewhere must not
 * subscribe with a key it holds, nor through DNS rebinding); a request
 * without Origin comes from no browser and may go on. The caller
 * authenticates inside the socket (subscription-protocol.ts).
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, handleProtocols });
  const graphqlWs = makeServer(options.protocol);
  const serves = servesHost(options.allowedHosts);
  const origins = new Set(options.corsOrigins);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (new URL(request.url ?? '/', 'http://gateway').pathname !== options.path) {
      return refuseUpgrade(socket, 404, ErrorCode.NOT_FOUND, `Only ${options.path} takes WebSocket connections.`);
    }
    if (!serves(request.headers.host)) {
      return refuseUpgrade(socket, 421, ErrorCode.MISDIRECTED_REQUEST, 'This gateway does not serve that host name; configure it in ALLOWED_HOSTS.');
    }
    const origin = request.headers.origin;
    // The gateway's own pages (the console, GraphiQL) are same-origin: their Host passed the check above.
    if (origin !== undefined && !origins.has(origin) && !sameOrigin(origin, request.headers.host)) {
      return refuseUpgrade(socket, 403, ErrorCode.FORBIDDEN, 'Pages of this origin may not open a socket here; configure it in CORS_ORIGINS.');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serve(ws, request));
  };

  const serve = (socket: WebSocket, request: IncomingMessage) => {
    socket.once('error', (error) => {
      options.log('a subscription socket failed', error);
      socket.terminate();
    });
    let answered = true;
    socket.on('pong', () => (answered = true));
    const keepAlive = setInterval(() => {
      if (!answered) return socket.terminate();
      answered = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    keepAlive.unref();
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== WebSocket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              // graphql-ws rethrows what it cannot answer in the protocol; the client learns nothing of it.
              options.log('a subscription message failed', error);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      // Ends every operation of the socket: their event streams return, and with them the pollers they held.
      closed(code, reason.toString()).catch((error: unknown) => options.log('closing a subscription socket failed', error));
    });
  };

  options.httpServer.on('upgrade', onUpgrade);

  return {
    get clients() {
      return sockets.clients.size;
    },
    async dispose(graceMs = CLOSE_HANDSHAKE_MS) {
      options.httpServer.off('upgrade', onUpgrade);
      for (const socket of sockets.clients) socket.close(1001, 'Going away');
      await allClosed(sockets.clients, graceMs);
      for (const socket of sockets.clients) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

/** Apollo's drainServer hook for the socket server, as Apollo's subscriptions guide shows. */
export function drainSubscriptions(server: SubscriptionServer): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return { drainServer: () => server.dispose() };
    },
  };
}

/** Whether a browser Origin is this very host (the scheme aside: TLS may end at a proxy in front). */
function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Answers an upgrade that is refused in the GraphQL-over-HTTP error shape, and hangs up. */
function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' };

function allClosed(sockets: Set<WebSocket>, withinMs: number): Promise<void> {
  if (sockets.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let open = sockets.size;
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, withinMs);
    for (const socket of sockets) {
      socket.once('close', () => {
        if (--open === 0) done();
      });
    }
  });
}
