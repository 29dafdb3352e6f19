import type { GraphQLError } from 'graphql';
import { ErrorCode } from '../services/error-codes';
import type { ModelRef } from '../state/state-store';
import type { Clock } from './clock';
import { isSettled, type StatusSnapshot } from './model-status';

/** How a poller paces its DescribeModel calls (milliseconds). */
export interface StatusPolling {
  /** Between reads while the model is changing; also the first pause once it settles. */
  fastMs: number;
  /**
   * The first pause after this replica starts or stops the model; pauses
   * double from it up to `fastMs`. An engine hosts in a fraction of a second,
   * so a `startModel(wait)` should not wait out a whole `fastMs` for the news.
   */
  announcedMs: number;
  /** The longest pause while the model is settled: pauses double up to it. */
  settledMaxMs: number;
  /** First pause after a failed read; pauses double up to `retryMaxMs`. */
  retryMinMs: number;
  retryMaxMs: number;
  /** How long reads may keep failing before the watch ends with the last error. */
  giveUpAfterMs: number;
  /** Width of the random spread of each pause (0.2: ±10 %), so the pollers of many replicas drift apart. */
  jitter: number;
}

export const DEFAULT_STATUS_POLLING: StatusPolling = {
  fastMs: 500,
  announcedMs: 50,
  settledMaxMs: 15_000,
  retryMinMs: 1_000,
  retryMaxMs: 30_000,
  giveUpAfterMs: 5 * 60_000,
  jitter: 0.2,
};

/** One `watch()` call: its callbacks, and whether it has heard a status yet. */
export interface WatchEntry {
  onSnapshot(snapshot: StatusSnapshot): void;
  onError?(error: Error): void;
  heard: boolean;
}

export interface PollerDeps {
  /** A fresh DescribeModel, mapped; `at` is when the read began. */
  read(model: ModelRef, at: Date): Promise<StatusSnapshot>;
  polling: StatusPolling;
  clock: Clock;
  random(): number;
  /** A status this poller read that differs from what it knew: for the other replicas. */
  onChange(snapshot: StatusSnapshot): void;
  /** The watch ended by itself (the model is gone, or reads kept failing): forget this poller. */
  onEnd(): void;
  log(message: string, error: unknown): void;
}

/** Errors that another read will not cure: the watch ends at once. */
const ENDS_WATCH = new Set<unknown>([ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN, ErrorCode.BAD_USER_INPUT]);

/**
 * The one poller of one model on this replica, shared by all its watchers:
 * reads often while the model is changing, backs off (doubling, jittered)
 * while it is settled, and goes back to fast reads after any change. A
 * status learned otherwise (announced here, or by another replica) counts
 * like a read, unless it is older than what the poller already confirmed.
 */
export class ModelPoller {
  private readonly entries = new Set<WatchEntry>();
  private current: StatusSnapshot | null = null;
  /** When the current status was last confirmed: news from before then is stale. */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private settledPauseMs: number;
  private changingPauseMs: number;
  private retryPauseMs: number;
  private failingSince: number | null = null;

  constructor(
    readonly model: ModelRef,
    private readonly deps: PollerDeps,
  ) {
    this.settledPauseMs = deps.polling.fastMs;
    this.changingPauseMs = deps.polling.fastMs;
    this.retryPauseMs = deps.polling.retryMinMs;
  }

  /** Starts reading; the first read goes out at once. */
  start(): void {
    void this.read();
  }

  add(entry: WatchEntry): void {
    this.entries.add(entry);
    if (!this.current) return;
    // Later, as every status is heard: a caller is never called back from inside watch().
    queueMicrotask(() => {
      if (this.current && !entry.heard && this.entries.has(entry)) this.tell(entry, this.current);
    });
  }

  /** True when no entry is left. */
  remove(entry: WatchEntry): boolean {
    this.entries.delete(entry);
    return this.entries.size === 0;
  }

  stop(): void {
    this.stopped = true;
    this.entries.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * A status learned other than by a read. An announcement (a start or stop
   * this replica made) always brings fast reads back, since the model is
   * about to move; another replica's notice does when it is news.
   */
  learn(snapshot: StatusSnapshot, announced: boolean): void {
    const news = !this.current || !sameStatus(this.current, snapshot);
    this.accept(snapshot);
    if (announced) this.expectChange();
    if (announced || news) this.hurry();
  }

  /** This replica has just started or stopped the model: the next reads come quickly, then slow down to `fastMs`. */
  expectChange(): void {
    this.changingPauseMs = Math.min(this.deps.polling.announcedMs, this.deps.polling.fastMs);
  }

  private async read(): Promise<void> {
    this.timer = null;
    const at = this.deps.clock.now();
    let snapshot: StatusSnapshot;
    try {
      snapshot = await this.deps.read(this.model, at);
    } catch (error) {
      if (!this.stopped) this.failed(error as Error, at);
      return;
    }
    if (this.stopped) return;
    this.failingSince = null;
    this.retryPauseMs = this.deps.polling.retryMinMs;
    if (this.accept(snapshot)) this.deps.onChange(snapshot);
    this.schedule();
  }

  /** Takes a snapshot unless it is stale; true when it changed what watchers had heard. */
  private accept(snapshot: StatusSnapshot): boolean {
    const at = snapshot.at.getTime();
    // A read that began before a newer notice arrived may answer the state the notice replaced.
    if (at < this.confirmedAt) return false;
    this.confirmedAt = at;
    if (this.current && sameStatus(this.current, snapshot)) return false;
    this.current = snapshot;
    this.settledPauseMs = this.deps.polling.fastMs;
    for (const entry of [...this.entries]) this.tell(entry, snapshot);
    return true;
  }

  private tell(entry: WatchEntry, snapshot: StatusSnapshot): void {
    entry.heard = true;
    try {
      entry.onSnapshot(snapshot);
    } catch (error) {
      this.deps.log('a model status listener failed', error);
    }
  }

  private failed(error: Error, at: Date): void {
    const code = (error as Partial<GraphQLError>).extensions?.code;
    if (ENDS_WATCH.has(code)) return this.end(error);
    if (this.failingSince === null) {
      this.failingSince = at.getTime();
      // Once per streak of failures: an endpoint that is down should not flood the log.
      this.deps.log(`reading the status of model ${this.model.project}/${this.model.version} failed; retrying with backoff`, error);
    }
    if (at.getTime() - this.failingSince >= this.deps.polling.giveUpAfterMs) return this.end(error);
    const retryAfterSeconds = (error as Partial<GraphQLError>).extensions?.retryAfterSeconds;
    this.schedule(typeof retryAfterSeconds === 'number' ? retryAfterSeconds * 1000 : 0);
  }

  private end(error: Error): void {
    const entries = [...this.entries];
    this.stop();
    this.deps.onEnd();
    for (const entry of entries) {
      try {
        entry.onError?.(error);
      } catch (listenerError) {
        this.deps.log('a model status listener failed', listenerError);
      }
    }
  }

  private hurry(): void {
    this.settledPauseMs = this.deps.polling.fastMs;
    // While reads fail, their own backoff stands; while one is in flight, the next is scheduled when it answers.
    if (this.stopped || this.failingSince !== null || !this.timer) return;
    clearTimeout(this.timer);
    this.schedule();
  }

  private schedule(atLeastMs = 0): void {
    if (this.stopped) return;
    const { polling } = this.deps;
    let pauseMs: number;
    if (this.failingSince !== null) {
      pauseMs = this.retryPauseMs;
      this.retryPauseMs = Math.min(pauseMs * 2, polling.retryMaxMs);
    } else if (this.current && isSettled(this.current.status)) {
      pauseMs = this.settledPauseMs;
      this.settledPauseMs = Math.min(pauseMs * 2, polling.settledMaxMs);
    } else {
      pauseMs = this.changingPauseMs;
      this.changingPauseMs = Math.min(pauseMs * 2, polling.fastMs);
    }
    const jittered = pauseMs * (1 + polling.jitter * (this.deps.random() - 0.5));
    this.timer = setTimeout(() => void this.read(), Math.max(jittered, atLeastMs));
    // A poller lives only while someone listens (a socket, a waiting request), which keeps the process up by itself.
    this.timer.unref();
  }
}

function sameStatus(a: StatusSnapshot, b: StatusSnapshot): boolean {
  return a.status === b.status && a.statusMessage === b.statusMessage;
}
