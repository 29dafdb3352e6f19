import { Socket } from 'node:net';
import type { ClientConfig } from 'pg';

export interface PostgresTimeouts {
  /** Bounds opening a connection, so an unreachable or frozen server fails a query instead of hanging it. */
  connectMs: number;
  /** Bounds a query: the server cancels it (statement_timeout), and the client gives up on it shortly after. */
  queryMs: number;
}

/**
 * The settings of every connection the store opens, and the sockets under
 * them. The sockets are kept so that `close()` can end them all: a
 * connection to a server that stopped answering never finishes its polite
 * goodbye, and its socket would keep the process alive.
 */
export class PostgresConnections {
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly url: string,
    private readonly timeouts: PostgresTimeouts,
  ) {}

  config(): ClientConfig {
    return {
      connectionString: this.url,
      connectionTimeoutMillis: this.timeouts.connectMs,
      statement_timeout: this.timeouts.queryMs,
      // The server's own timeout answers first; this one covers a server (or network) that no longer answers at all.
      query_timeout: this.timeouts.queryMs + 1000,
      // A session left inside a transaction by a vanished client must not hold locks for long.
      idle_in_transaction_session_timeout: this.timeouts.queryMs * 6,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'lookout-gateway',
      stream: () => this.track(new Socket()),
    };
  }

  /** Ends every socket still open. */
  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }
}
