import type { ModelRef } from '../state/state-store';
import type { StatusSnapshot, StatusWatcher } from './model-status';

/** Statuses a slow reader may fall behind by; older ones are dropped, since each supersedes the one before. */
const MAX_QUEUED = 32;

type Waiter = { resolve(result: IteratorResult<StatusSnapshot>): void; reject(error: Error): void };

/**
 * One watch as an async iterator, the shape a GraphQL subscription reads:
 * each status in turn, then the error that ended the watch, if one did.
 * `return()` (the client unsubscribed, or its socket closed) ends the watch,
 * so the model's poller stops with its last watcher.
 */
export class StatusStream implements AsyncIterableIterator<StatusSnapshot> {
  private readonly queued: StatusSnapshot[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly startWaiters: Waiter[] = [];
  private failure: Error | null = null;
  private heard = false;
  private finished = false;
  private readonly unwatch: () => void;

  constructor(watcher: StatusWatcher, model: ModelRef) {
    this.unwatch = watcher.watch(
      model,
      (snapshot) => this.push(snapshot),
      (error) => this.fail(error),
    );
  }

  /**
   * Settles with the first status: rejects when the watch ended before one
   * came (the model does not exist), so a subscription can be refused
   * before it starts.
   */
  started(): Promise<void> {
    if (this.heard) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    if (this.finished) return Promise.resolve();
    return new Promise((resolve, reject) => this.startWaiters.push({ resolve: () => resolve(), reject }));
  }

  next(): Promise<IteratorResult<StatusSnapshot>> {
    const snapshot = this.queued.shift();
    if (snapshot) return Promise.resolve({ value: snapshot, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      this.finish();
      return Promise.reject(failure);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<StatusSnapshot>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<StatusSnapshot>> {
    this.finish();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private push(snapshot: StatusSnapshot): void {
    if (this.finished) return;
    this.heard = true;
    for (const waiter of this.startWaiters.splice(0)) waiter.resolve({ value: undefined, done: true });
    const waiter = this.waiters.shift();
    if (waiter) return waiter.resolve({ value: snapshot, done: false });
    if (this.queued.length >= MAX_QUEUED) this.queued.shift();
    this.queued.push(snapshot);
  }

  private fail(error: Error): void {
    if (this.finished) return;
    for (const waiter of this.startWaiters.splice(0)) waiter.reject(error);
    const waiter = this.waiters.shift();
    if (!waiter) {
      // Told after the statuses still queued.
      this.failure = error;
      return;
    }
    this.finish();
    waiter.reject(error);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.queued.length = 0;
    this.failure = null;
    this.unwatch();
    for (const waiter of this.waiters.splice(0)) waiter.resolve({ value: undefined, done: true });
    for (const waiter of this.startWaiters.splice(0)) waiter.resolve({ value: undefined, done: true });
  }
}
