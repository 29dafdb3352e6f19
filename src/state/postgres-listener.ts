import { Client, escapeIdentifier, type ClientConfig } from 'pg';
import type { NotificationHub, StateLog } from './notification-hub';
import type { NotificationChannel } from './state-store';

export interface ListenerTiming {
  /** How often an idle listening connection is checked: a silent network loss shows only when something is sent. */
  heartbeatMs: number;
  /** Reconnection waits double from `min` to `max`, jittered so replicas do not all return at once. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

/**
 * The one connection that LISTENs for the store's channels. A pooled
 * connection cannot: LISTEN belongs to a session, and the pool hands
 * sessions around. When the connection is lost it reconnects with backoff
 * and LISTENs again to every channel that has listeners; notifications sent
 * while it was away are lost (PostgreSQL queues them only for a session that
 * is listening), so listeners must treat them as hints and re-read state.
 */
export class PostgresListener {
  private client: Client | null = null;
  /** Channels the current connection has been told to LISTEN to. */
  private listening = new Set<NotificationChannel>();
  /** pg runs one query at a time on a connection and will stop queueing them itself; commands wait here. */
  private commands: Promise<unknown> = Promise.resolve();
  private checking = false;
  private failures = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly connection: ClientConfig,
    private readonly hub: NotificationHub,
    private readonly log: StateLog,
    private readonly timing: ListenerTiming,
  ) {
    this.heartbeat = setInterval(() => this.checkConnection(), timing.heartbeatMs).unref();
  }

  /** The first connection; its failure is the caller's, as a store that cannot reach its database must not open. */
  async start(): Promise<void> {
    this.client = await this.connect();
  }

  /** Brings the connection's LISTENs in line with the hub's channels. While disconnected it does nothing: reconnecting does it. */
  async sync(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const wanted = new Set(this.hub.channels());
    const commands: Promise<unknown>[] = [];
    // Queued in call order, so a LISTEN and an UNLISTEN of one channel never cross.
    for (const channel of wanted) {
      if (!this.listening.has(channel)) commands.push(this.command(client, `LISTEN ${escapeIdentifier(channel)}`));
    }
    for (const channel of this.listening) {
      if (!wanted.has(channel)) commands.push(this.command(client, `UNLISTEN ${escapeIdentifier(channel)}`));
    }
    this.listening = wanted;
    try {
      await Promise.all(commands);
    } catch (error) {
      // The connection's state is now unknown; a fresh one starts from the hub's channels.
      this.lost(client, error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end();
  }

  private async connect(): Promise<Client> {
    const client = new Client(this.connection);
    client.on('notification', (message) => this.hub.deliver(message.channel, message.payload ?? ''));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
    } catch (error) {
      void client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  private lost(client: Client, error?: unknown): void {
    if (client !== this.client || this.closed) return;
    this.client = null;
    this.listening = new Set();
    this.commands = Promise.resolve();
    void client.end().catch(() => {});
    this.log('the state database listener lost its connection; reconnecting', error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const ceiling = Math.min(this.timing.reconnectMaxMs, this.timing.reconnectMinMs * 2 ** this.failures++);
    const delay = ceiling / 2 + (Math.random() * ceiling) / 2;
    // Unreferenced: waiting to reconnect is no reason for the process to stay up.
    this.retryTimer = setTimeout(() => void this.reconnect(), delay).unref();
  }

  private async reconnect(): Promise<void> {
    let client: Client;
    try {
      client = await this.connect();
    } catch (error) {
      if (this.closed) return;
      if (this.failures === 1) this.log('the state database listener cannot reconnect yet; retrying', error);
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    await this.sync();
    // Only a connection that could LISTEN again ends the backoff; one that connects and then fails keeps it growing.
    if (this.client !== client) return;
    this.failures = 0;
    this.log('the state database listener reconnected');
  }

  private command(client: Client, sql: string): Promise<unknown> {
    const result = this.commands.then(() => client.query(sql));
    this.commands = result.catch(() => {});
    return result;
  }

  private checkConnection(): void {
    const client = this.client;
    if (!client || this.checking) return;
    this.checking = true;
    // The query's own timeout (query_timeout) turns a dead connection into an error here.
    this.command(client, 'SELECT 1')
      .catch((error: unknown) => this.lost(client, error))
      .finally(() => (this.checking = false));
  }
}
