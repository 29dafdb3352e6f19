import { randomUUID } from 'node:crypto';
import type { LookoutApi } from '../services/lookout-api';
import { toModelVersion } from '../services/mappers';
import type { UnknownModelStatusListener } from '../services/unknown-model-status';
import type { ModelRef, StateStore } from '../state/state-store';
import { systemClock, type Clock } from './clock';
import { DEFAULT_STATUS_POLLING, ModelPoller, type StatusPolling, type WatchEntry } from './model-poller';
import type { StatusSnapshot, StatusWatcher } from './model-status';
import { decodeStatusNotice, encodeStatusNotice } from './status-notice';

export interface StatusWatcherOptions {
  api: Pick<LookoutApi, 'describeModel'>;
  /** Where changes go to and come from the other replicas; without one, this replica is alone. */
  store?: StateStore | null;
  /** This replica's name on the notification channel (its own echoes are ignored); random by default. */
  replicaId?: string;
  polling?: Partial<StatusPolling>;
  clock?: Clock;
  random?: () => number;
  onUnknownStatus?: UnknownModelStatusListener;
  /** Every status change this replica reads, announces or hears from another (the shared reads of its project are dropped). */
  onStatusChange?: (snapshot: StatusSnapshot) => void;
  log?: (message: string, error: unknown) => void;
}

const CHANNEL = 'model-status';

/** How long an announcement made with no poller running still hurries the poller a watch then starts (a `wait` right after the change). */
const ANNOUNCEMENT_HURRIES_MS = 10_000;

/**
 * The gateway's StatusWatcher: a ModelPoller per watched model (DescribeModel
 * through the LookoutApi, never the per-request loaders, whose answers would
 * be stale), and the state store's `model-status` channel between replicas:
 * every change a poller reads and every announcement goes out on it, and a
 * notice from another replica reaches this replica's watchers of that model.
 * Versions are the digits Lookout names: callers resolve "latest" first.
 */
export class PollingStatusWatcher implements StatusWatcher {
  readonly replicaId: string;
  private readonly pollers = new Map<string, ModelPoller>();
  /** Announcements made while no poller watched the model: when each was made. */
  private readonly unheardAnnouncements = new Map<string, number>();
  private readonly polling: StatusPolling;
  private readonly onUnknownStatus: UnknownModelStatusListener;
  private readonly log: (message: string, error: unknown) => void;
  private stopListening: (() => Promise<void>) | null = null;
  private closed = false;

  /** A watcher, already listening to the other replicas when there is a store. */
  static async start(options: StatusWatcherOptions): Promise<PollingStatusWatcher> {
    const watcher = new PollingStatusWatcher(options);
    if (options.store) watcher.stopListening = await options.store.listen(CHANNEL, (payload) => watcher.receive(payload));
    return watcher;
  }

  private constructor(private readonly options: StatusWatcherOptions) {
    this.replicaId = options.replicaId ?? randomUUID();
    this.polling = { ...DEFAULT_STATUS_POLLING, ...options.polling };
    this.onUnknownStatus = options.onUnknownStatus ?? (() => {});
    this.log = options.log ?? ((message, error) => console.error(`[status-watcher] ${message}:`, error));
  }

  get watching(): number {
    return this.pollers.size;
  }

  watch(model: ModelRef, listener: (snapshot: StatusSnapshot) => void, onError?: (error: Error) => void): () => void {
    if (this.closed) throw new Error('The status watcher is closed.');
    const key = keyOf(model);
    let poller = this.pollers.get(key);
    const first = !poller;
    poller ??= this.newPoller({ project: model.project, version: model.version });
    this.pollers.set(key, poller);
    const entry: WatchEntry = { onSnapshot: listener, onError, heard: false };
    poller.add(entry);
    if (first && this.takeRecentAnnouncement(key)) poller.expectChange();
    if (first) poller.start();
    const watched = poller;
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      // The poller may have ended already (and another taken its place): only its own last watcher stops it.
      if (watched.remove(entry) && this.pollers.get(key) === watched) {
        watched.stop();
        this.pollers.delete(key);
      }
    };
  }

  announce(snapshot: StatusSnapshot): void {
    if (this.closed) return;
    const key = keyOf(snapshot);
    const poller = this.pollers.get(key);
    if (poller) poller.learn(snapshot, true);
    else this.rememberAnnouncement(key);
    this.publish(snapshot);
  }

  private rememberAnnouncement(key: string): void {
    const now = this.now();
    for (const [other, at] of this.unheardAnnouncements) if (now - at > ANNOUNCEMENT_HURRIES_MS) this.unheardAnnouncements.delete(other);
    this.unheardAnnouncements.set(key, now);
  }

  private takeRecentAnnouncement(key: string): boolean {
    const at = this.unheardAnnouncements.get(key);
    this.unheardAnnouncements.delete(key);
    return at !== undefined && this.now() - at <= ANNOUNCEMENT_HURRIES_MS;
  }

  private now(): number {
    return (this.options.clock ?? systemClock).now().getTime();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const poller of this.pollers.values()) poller.stop();
    this.pollers.clear();
    const stopListening = this.stopListening;
    this.stopListening = null;
    await stopListening?.();
  }

  private newPoller(model: ModelRef): ModelPoller {
    const key = keyOf(model);
    const poller: ModelPoller = new ModelPoller(model, {
      read: (ref, at) => this.read(ref, at),
      polling: this.polling,
      clock: this.options.clock ?? systemClock,
      random: this.options.random ?? Math.random,
      onChange: (snapshot) => this.publish(snapshot),
      onEnd: () => {
        if (this.pollers.get(key) === poller) this.pollers.delete(key);
      },
      log: this.log,
    });
    return poller;
  }

  private async read(model: ModelRef, at: Date): Promise<StatusSnapshot> {
    const described = await this.options.api.describeModel(model.project, model.version);
    // The same mapping as every query's, so an unknown status is UNKNOWN with the same message.
    const { status, statusMessage } = toModelVersion(model.project, described, this.onUnknownStatus);
    return { project: model.project, version: model.version, status, statusMessage, at };
  }

  private publish(snapshot: StatusSnapshot): void {
    this.options.onStatusChange?.(snapshot);
    const store = this.options.store;
    if (!store || this.closed) return;
    store.notify(CHANNEL, encodeStatusNotice({ origin: this.replicaId, snapshot })).catch((error: unknown) => {
      // The other replicas' own pollers still see the change, only later.
      this.log('telling the other replicas of a model status failed', error);
    });
  }

  private receive(payload: string): void {
    if (this.closed) return;
    const notice = decodeStatusNotice(payload, this.onUnknownStatus);
    if (!notice) {
      this.log('ignored a model-status notification that is not a status notice', { payload: payload.slice(0, 200) });
      return;
    }
    if (notice.origin === this.replicaId) return;
    this.options.onStatusChange?.(notice.snapshot);
    this.pollers.get(keyOf(notice.snapshot))?.learn(notice.snapshot, false);
  }
}

function keyOf(model: ModelRef): string {
  return `${model.project}/${model.version}`;
}
