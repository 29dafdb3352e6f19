import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assertNotificationFits, NotificationHub, type StateLog } from './notification-hub';
import { migrateSqliteState } from './sqlite-state-schema';
import { eventFromRow, historyFromRow, instantOrNull, openSessionFromRow, policyFromRow, sessionFromRow } from './state-rows';
import type { EventRow, HistoryRow, PolicyRow, SessionRow } from './state-rows';
import type { DetectionTally, HostingSession, ModelEventRecord, ModelRef, NotificationChannel, StateStore, StoredPolicy } from './state-store';

type Db = Database.Database;
type ModelParams = { project: string; version: string };

const SESSION_COLUMNS = 'project, version, since, min_inference_units, max_inference_units, detections, anomalies, last_inference_at, ended_at, unit_minutes';

/** Statements prepared once per store: better-sqlite3 compiles SQL on prepare. */
function prepareStatements(db: Db) {
  return {
    // One statement, so the session is opened or added to whichever is the case.
    addDetections: db.prepare<[ModelParams & { detections: number; anomalies: number; lastAt: number }]>(
      `INSERT INTO gateway_hosting_sessions (project, version, since, detections, anomalies, last_inference_at)
       VALUES (@project, @version, @lastAt, @detections, @anomalies, @lastAt)
       ON CONFLICT (project, version) WHERE ended_at IS NULL DO UPDATE SET
         detections = detections + excluded.detections,
         anomalies = anomalies + excluded.anomalies,
         last_inference_at = max(coalesce(last_inference_at, excluded.last_inference_at), excluded.last_inference_at)`,
    ),
    lastDetectionAt: db.prepare<[ModelParams], { last: number | null }>(
      'SELECT max(last_inference_at) AS last FROM gateway_hosting_sessions WHERE project = @project AND version = @version',
    ),
    // The do-nothing update makes RETURNING give the open session whether this inserted it or not.
    openSession: db.prepare<[ModelParams & { since: number; min: number | null; max: number | null }], SessionRow>(
      `INSERT INTO gateway_hosting_sessions (project, version, since, min_inference_units, max_inference_units)
       VALUES (@project, @version, @since, @min, @max)
       ON CONFLICT (project, version) WHERE ended_at IS NULL DO UPDATE SET project = excluded.project
       RETURNING ${SESSION_COLUMNS}`,
    ),
    setSessionUnits: db.prepare<[ModelParams & { min: number | null; max: number | null }]>(
      `UPDATE gateway_hosting_sessions
       SET min_inference_units = coalesce(@min, min_inference_units), max_inference_units = coalesce(@max, max_inference_units)
       WHERE project = @project AND version = @version AND ended_at IS NULL`,
    ),
    // Clamped at zero: a replica whose clock runs behind may end a session "before" another began it.
    closeSession: db.prepare<[ModelParams & { at: number }]>(
      `UPDATE gateway_hosting_sessions
       SET ended_at = @at, unit_minutes = coalesce(min_inference_units, 1) * max(0, @at - since) / 60000.0
       WHERE project = @project AND version = @version AND ended_at IS NULL`,
    ),
    openSessionOf: db.prepare<[ModelParams], SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM gateway_hosting_sessions WHERE project = @project AND version = @version AND ended_at IS NULL`,
    ),
    openSessions: db.prepare<[], SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM gateway_hosting_sessions WHERE ended_at IS NULL ORDER BY project, version`,
    ),
    history: db.prepare<[ModelParams], HistoryRow>(
      `SELECT sum(unit_minutes) AS closed_unit_minutes, min(since) AS first_seen
       FROM gateway_hosting_sessions WHERE project = @project AND version = @version`,
    ),
    appendEvent: db.prepare<[ModelParams & { at: number; actor: string; action: string; fromStatus: string | null; result: string; detail: string | null }]>(
      `INSERT INTO gateway_model_events (project, version, at, actor, action, from_status, result, detail)
       VALUES (@project, @version, @at, @actor, @action, @fromStatus, @result, @detail)`,
    ),
    recentEvents: db.prepare<[ModelParams & { limit: number }], EventRow>(
      `SELECT project, version, at, actor, action, from_status, result, detail FROM gateway_model_events
       WHERE project = @project AND version = @version ORDER BY at DESC, id DESC LIMIT @limit`,
    ),
    putPolicy: db.prepare<[ModelParams & { idleStopMinutes: number | null; schedule: string | null; updatedAt: number }]>(
      `INSERT INTO gateway_model_policies (project, version, idle_stop_minutes, schedule, updated_at)
       VALUES (@project, @version, @idleStopMinutes, @schedule, @updatedAt)
       ON CONFLICT (project, version) DO UPDATE SET
         idle_stop_minutes = excluded.idle_stop_minutes, schedule = excluded.schedule, updated_at = excluded.updated_at`,
    ),
    removePolicy: db.prepare<[ModelParams]>('DELETE FROM gateway_model_policies WHERE project = @project AND version = @version'),
    policies: db.prepare<[], PolicyRow>(
      'SELECT project, version, idle_stop_minutes, schedule, updated_at FROM gateway_model_policies ORDER BY project, version',
    ),
    // The row changes hands only when it has lapsed or is the holder's own; no row back means another holds it.
    acquireLease: db.prepare<[{ name: string; holder: string; now: number; expiresAt: number }], { holder: string }>(
      `INSERT INTO gateway_leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE gateway_leases.expires_at <= @now OR gateway_leases.holder = excluded.holder
       RETURNING holder`,
    ),
    releaseLease: db.prepare<[{ name: string; holder: string }]>('DELETE FROM gateway_leases WHERE name = @name AND holder = @holder'),
  };
}

/**
 * Stores in this process on the same file share one hub: they are one
 * replica (SQLite state cannot be shared between machines), so a notify
 * reaches every listener of that file, as PostgreSQL's reaches every replica.
 */
const hubsByFile = new Map<string, { hub: NotificationHub; stores: number }>();

export interface SqliteStateStoreOptions {
  log?: StateLog;
}

/**
 * The gateway's state in one SQLite file, for a single gateway process.
 * better-sqlite3 is synchronous; the methods are async only because the
 * interface is (for PostgreSQL), and each resolves once its statement ran.
 */
export class SqliteStateStore implements StateStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Db;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly file: string;
  private readonly hub: NotificationHub;
  private readonly subscriptions = new Set<() => void>();

  constructor(path: string, options: SqliteStateStoreOptions = {}) {
    this.file = resolve(path);
    mkdirSync(dirname(this.file), { recursive: true });
    this.db = new Database(this.file);
    try {
      this.db.pragma('journal_mode = WAL');
      // NORMAL, not FULL: in WAL mode a commit is in the OS's hands when it
      // returns, so a killed gateway (kill -9, the faults SECURITY.md names)
      // loses nothing; only a power loss or kernel crash can drop the last
      // commits, never corrupt the file. What is here is counters, sessions
      // and an audit trail, none of it a write acknowledged to a caller as
      // durable (Lookout holds the models' truth, and every mutation is also
      // logged), while detection tallies are flushed often enough that an
      // fsync per flush would be a real cost.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      migrateSqliteState(this.db);
      this.sql = prepareStatements(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    let shared = hubsByFile.get(this.file);
    if (!shared) hubsByFile.set(this.file, (shared = { hub: new NotificationHub(options.log ?? (() => {})), stores: 0 }));
    shared.stores++;
    this.hub = shared.hub;
  }

  async addDetections(model: ModelRef, tally: DetectionTally): Promise<void> {
    this.sql.addDetections.run({ ...ref(model), detections: tally.detections, anomalies: tally.anomalies, lastAt: tally.lastAt.getTime() });
  }

  async lastDetectionAt(model: ModelRef): Promise<Date | null> {
    return instantOrNull(this.sql.lastDetectionAt.get(ref(model))?.last ?? null);
  }

  async openSession(model: ModelRef, since: Date, units: { min: number | null; max: number | null }): Promise<HostingSession> {
    return sessionFromRow(this.sql.openSession.get({ ...ref(model), since: since.getTime(), ...units })!);
  }

  async setSessionUnits(model: ModelRef, units: { min: number | null; max: number | null }): Promise<void> {
    this.sql.setSessionUnits.run({ ...ref(model), ...units });
  }

  async closeSession(model: ModelRef, at: Date): Promise<void> {
    this.sql.closeSession.run({ ...ref(model), at: at.getTime() });
  }

  async openSessionOf(model: ModelRef): Promise<HostingSession | null> {
    const row = this.sql.openSessionOf.get(ref(model));
    return row ? sessionFromRow(row) : null;
  }

  async openSessions(): Promise<(ModelRef & HostingSession)[]> {
    return this.sql.openSessions.all().map(openSessionFromRow);
  }

  async history(model: ModelRef): Promise<{ closedUnitMinutes: number; firstSeen: Date | null }> {
    return historyFromRow(this.sql.history.get(ref(model)));
  }

  async appendEvent(event: ModelEventRecord): Promise<void> {
    this.sql.appendEvent.run({ ...event, at: event.at.getTime() });
  }

  async recentEvents(model: ModelRef, limit: number): Promise<ModelEventRecord[]> {
    return this.sql.recentEvents.all({ ...ref(model), limit }).map(eventFromRow);
  }

  async putPolicy(policy: StoredPolicy): Promise<void> {
    this.sql.putPolicy.run({ ...policy, updatedAt: policy.updatedAt.getTime() });
  }

  async removePolicy(model: ModelRef): Promise<void> {
    this.sql.removePolicy.run(ref(model));
  }

  async policies(): Promise<StoredPolicy[]> {
    return this.sql.policies.all().map(policyFromRow);
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.sql.acquireLease.get({ name, holder, now: now.getTime(), expiresAt: now.getTime() + ttlMs }) !== undefined;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.sql.releaseLease.run({ name, holder });
  }

  async notify(channel: NotificationChannel, payload: string): Promise<void> {
    assertNotificationFits(channel, payload);
    // Delivered on a later turn, as PostgreSQL's are: a listener never runs inside its notifier's call.
    setImmediate(() => this.hub.deliver(channel, payload));
  }

  async listen(channel: NotificationChannel, listener: (payload: string) => void): Promise<() => Promise<void>> {
    const remove = this.hub.add(channel, listener);
    const unsubscribe = () => {
      this.subscriptions.delete(unsubscribe);
      remove();
    };
    this.subscriptions.add(unsubscribe);
    return async () => unsubscribe();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    for (const unsubscribe of [...this.subscriptions]) unsubscribe();
    const shared = hubsByFile.get(this.file);
    if (shared && --shared.stores === 0) hubsByFile.delete(this.file);
    this.db.close();
  }
}

/** The model's key as a plain object: better-sqlite3 binds named parameters from nothing else, and a caller may pass a class instance. */
function ref(model: ModelRef): ModelParams {
  return { project: model.project, version: model.version };
}
