/**
 * The gateway's own state, beside what Lookout keeps: activity, hosting
 * sessions (accounting), the audit, a cache of the model policies (their
 * source of truth is the model's tags), leases and cross-replica
 * notifications. One interface, two stores: SQLite for one gateway (a file in
 * the data directory), PostgreSQL for several replicas behind a load balancer
 * (`STATE_DATABASE_URL=postgres://...`).
 *
 * Times are JavaScript Dates (UTC instants); versions are the digits Lookout
 * names, never "latest".
 */

export interface ModelRef {
  project: string;
  version: string;
}

/** A span of time the gateway saw a model hosted, with what it served then. */
export interface HostingSession {
  /** When the session began: the start request, or the first time the gateway saw the model hosted. */
  since: Date;
  minInferenceUnits: number | null;
  maxInferenceUnits: number | null;
  detections: number;
  anomalies: number;
  lastInferenceAt: Date | null;
  /** Null while the model is hosted. */
  endedAt: Date | null;
  /** Filled when the session ends: MinInferenceUnits (1 when unknown) x minutes. */
  unitMinutes: number | null;
}

/** Detections counted on one replica since its last flush. */
export interface DetectionTally {
  detections: number;
  anomalies: number;
  lastAt: Date;
}

/** One line of the audit: who did what to which model, from which status, with what result. */
export interface ModelEventRecord extends ModelRef {
  at: Date;
  /** The API key's name, the JWT subject, or `policy` for an automatic action. */
  actor: string;
  /** `start`, `stop`, `set-policy`, `idle-stop`, `scheduled-start`, `scheduled-stop`. */
  action: string;
  fromStatus: string | null;
  /** The status the action led to, or the error code it ended with. */
  result: string;
  detail: string | null;
}

/** A model's policy as the scheduler reads it (encoded as in the tags). */
export interface StoredPolicy extends ModelRef {
  idleStopMinutes: number | null;
  /** The schedule's tag value (see src/runtime/model-policy.ts), or null. */
  schedule: string | null;
  updatedAt: Date;
}

export type NotificationChannel = 'model-status';

export interface StateStore {
  /** `sqlite` or `postgres`, for logs and /metrics. */
  readonly kind: 'sqlite' | 'postgres';

  /** Adds one replica's detections to the model's open session (opening one at `lastAt` if none) and moves its idle clock. */
  addDetections(model: ModelRef, tally: DetectionTally): Promise<void>;
  /** The latest detection on any replica, or null. */
  lastDetectionAt(model: ModelRef): Promise<Date | null>;

  /** Opens a session unless one is open; returns the open one either way. */
  openSession(model: ModelRef, since: Date, units: { min: number | null; max: number | null }): Promise<HostingSession>;
  /** Records units learned later (a start through the gateway, or DescribeModel) on the open session; a null leaves a known value. */
  setSessionUnits(model: ModelRef, units: { min: number | null; max: number | null }): Promise<void>;
  /** Ends the open session at `at`, computing its unit-minutes; nothing when none is open. */
  closeSession(model: ModelRef, at: Date): Promise<void>;
  openSessionOf(model: ModelRef): Promise<HostingSession | null>;
  /** Every open session (for the scheduler and /metrics). */
  openSessions(): Promise<(ModelRef & HostingSession)[]>;
  /** Unit-minutes of the model's ended sessions, and when the gateway first saw it hosted (null: never). */
  history(model: ModelRef): Promise<{ closedUnitMinutes: number; firstSeen: Date | null }>;

  appendEvent(event: ModelEventRecord): Promise<void>;
  /** The model's newest events first, at most `limit`. */
  recentEvents(model: ModelRef, limit: number): Promise<ModelEventRecord[]>;

  putPolicy(policy: StoredPolicy): Promise<void>;
  removePolicy(model: ModelRef): Promise<void>;
  policies(): Promise<StoredPolicy[]>;

  /** Takes or renews the named lease for `holder` until `now + ttlMs` (lapsed from that instant on); true while `holder` holds it. */
  acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;

  /** Sends `payload` to every replica's listeners of `channel`, this one's included. */
  notify(channel: NotificationChannel, payload: string): Promise<void>;
  /**
   * Listens until the returned function is called. Notifications are hints,
   * not a log: those sent while a replica's listener is reconnecting to
   * PostgreSQL do not reach it, so a listener re-reads what it needs.
   */
  listen(channel: NotificationChannel, listener: (payload: string) => void): Promise<() => Promise<void>>;

  /** Ends listening and closes connections; nothing of the store keeps the process alive after it. */
  close(): Promise<void>;
}
