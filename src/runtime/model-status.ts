import type { ModelStatus } from '../schema/enums';
import type { ModelRef } from '../state/state-store';

/** A model's status as some replica of the gateway last saw it. */
export interface StatusSnapshot extends ModelRef {
  status: ModelStatus;
  statusMessage: string | null;
  /** When it was seen. */
  at: Date;
}

/** Statuses a model leaves by itself; a poller watches these closely. */
export const TRANSITIONAL_STATUSES: readonly ModelStatus[] = ['TRAINING', 'STARTING_HOSTING', 'STOPPING_HOSTING', 'DELETING', 'SYSTEM_UPDATING'] as ModelStatus[];

export function isSettled(status: ModelStatus): boolean {
  return !TRANSITIONAL_STATUSES.includes(status);
}

/**
 * Watches model statuses through the Lookout API (DescribeModel): one poller
 * per model, shared by every listener of that model on this replica, polling
 * often while the model is changing and backing off while it is stable, and
 * stopped when its last listener leaves. Changes are also sent to (and
 * received from) the other replicas through the state store's notifications,
 * so a change seen by one reaches listeners on all.
 */
export interface StatusWatcher {
  /**
   * Calls `listener` with the current status, then with each change, until
   * the returned function is called. `onError` hears a model that does not
   * exist (NOT_FOUND) or an upstream failure that outlasts the poller's retries.
   */
  watch(model: ModelRef, listener: (snapshot: StatusSnapshot) => void, onError?: (error: Error) => void): () => void;
  /** A status this replica learned otherwise (a StartModel answer): told to listeners here and on every replica. */
  announce(snapshot: StatusSnapshot): void;
  /** Models with a poller now (for tests and /metrics). */
  readonly watching: number;
  close(): Promise<void>;
}
