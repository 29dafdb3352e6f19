import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** The subscription endpoint of a gateway at `httpUrl`: its /graphql path (or `path`), over ws://. */
export function wsUrl(httpUrl: string, path = '/graphql'): string {
  return `${httpUrl.replace(/^http/, 'ws')}${path}`;
}

/** graphql-ws's own client over the `ws` package, as a Node service would subscribe; no retries, so failures show. */
export function subscriptionClient(httpUrl: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({ url: wsUrl(httpUrl), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** One subscription's results as they arrive, and how it ended, for a test to wait on. */
export class Subscription<TData, TVariables extends Record<string, unknown> = Record<string, unknown>> {
  readonly results: FormattedExecutionResult<TData, unknown>[] = [];
  /** What the client's error sink got: GraphQL errors, or the socket's CloseEvent. */
  error: unknown;
  completed = false;
  private readonly unsubscribe: () => void;
  private readonly wakers = new Set<() => void>();

  /** `byHash`: send the trusted document's hash (extensions.persistedQuery), not its text. */
  constructor(client: Client, document: TypedDocumentNode<TData, TVariables>, variables: TVariables, { byHash = false } = {}) {
    const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
    const payload = byHash && hash ? { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } } : { query: print(document) };
    this.unsubscribe = client.subscribe<TData>(
      { ...payload, variables },
      {
        next: (result) => this.changed(() => this.results.push(result)),
        error: (error) => this.changed(() => (this.error = error)),
        complete: () => this.changed(() => (this.completed = true)),
      },
    );
  }

  get ended(): boolean {
    return this.completed || this.error !== undefined;
  }

  /** Waits until `done` holds of this subscription; fails when it ends without, or after `timeoutMs`, saying what came. */
  until(done: (subscription: this) => boolean, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const settled = done(this);
        if (!settled && !this.ended) return;
        clearTimeout(timer);
        this.wakers.delete(check);
        if (settled) resolve();
        else reject(new Error(`ended before the condition held; ${this.summary()}`));
      };
      const timer = setTimeout(() => {
        this.wakers.delete(check);
        reject(new Error(`timed out; ${this.summary()}`));
      }, timeoutMs);
      this.wakers.add(check);
      check();
    });
  }

  private summary(): string {
    return `results: ${JSON.stringify(this.results)}, error: ${describe(this.error)}, completed: ${this.completed}`;
  }

  /** Completes the subscription from the client's side. */
  stop(): void {
    this.unsubscribe();
  }

  private changed(apply: () => void): void {
    apply();
    for (const wake of [...this.wakers]) wake();
  }
}

/** How a raw WebSocket upgrade to the gateway was answered: 101 when the socket opened. */
export function upgradeStatus(httpUrl: string, headers: Record<string, string> = {}, path = '/graphql'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(httpUrl, path), 'graphql-transport-ws', { headers });
    socket.on('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => reject(error));
  });
}

/** What `connection_init` with these params gets: an acknowledgement, or the close code and reason. */
export function connectionOutcome(httpUrl: string, connectionParams: Record<string, unknown>): Promise<{ acknowledged: boolean; code?: number; reason?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(httpUrl), 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type !== 'connection_ack') return;
      resolve({ acknowledged: true });
      socket.close();
    });
    socket.on('close', (code, reason) => resolve({ acknowledged: false, code, reason: reason.toString() }));
    socket.on('error', reject);
  });
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) return `close ${String(error.code)} ${String(error.reason)}`;
  return JSON.stringify(error);
}
