import { Pool, type QueryResultRow } from 'pg';
import { assertNotificationFits, NotificationHub, type StateLog } from './notification-hub';
import { PostgresConnections } from './postgres-connections';
import { PostgresListener } from './postgres-listener';
import { migratePostgresState } from './postgres-state-schema';
import { eventFromRow, historyFromRow, instantOrNull, openSessionFromRow, policyFromRow, sessionFromRow } from './state-rows';
import type { EventRow, HistoryRow, PolicyRow, SessionRow } from './state-rows';
import type { DetectionTally, HostingSession, ModelEventRecord, ModelRef, NotificationChannel, StateStore, StoredPolicy } from './state-store';

const SESSION_COLUMNS = 'project, version, since, min_inference_units, max_inference_units, detections, anomalies, last_inference_at, ended_at, unit_minutes';

/**
 * The SQL, as unnamed parameterised queries: named (server-side prepared)
 * statements would save a parse per call, but live in one server session,
 * which a connection pooler in front of the database does not promise.
 */
const SQL = {
  // One statement: ON CONFLICT on the open-session index makes "add to the open session, or open one" atomic across replicas.
  addDetections: `INSERT INTO gateway_hosting_sessions (project, version, since, detections, anomalies, last_inference_at)
    VALUES ($1, $2, $5, $3, $4, $5)
    ON CONFLICT (project, version) WHERE ended_at IS NULL DO UPDATE SET
      detections = gateway_hosting_sessions.detections + excluded.detections,
      anomalies = gateway_hosting_sessions.anomalies + excluded.anomalies,
      last_inference_at = GREATEST(gateway_hosting_sessions.last_inference_at, excluded.last_inference_at)`,
  lastDetectionAt: 'SELECT max(last_inference_at) AS last FROM gateway_hosting_sessions WHERE project = $1 AND version = $2',
  // The do-nothing update makes RETURNING give the open session whether this replica inserted it or another did.
  openSession: `INSERT INTO gateway_hosting_sessions (project, version, since, min_inference_units, max_inference_units)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (project, version) WHERE ended_at IS NULL DO UPDATE SET project = excluded.project
    RETURNING ${SESSION_COLUMNS}`,
  setSessionUnits: `UPDATE gateway_hosting_sessions
    SET min_inference_units = coalesce($3, min_inference_units), max_inference_units = coalesce($4, max_inference_units)
    WHERE project = $1 AND version = $2 AND ended_at IS NULL`,
  // Clamped at zero: a replica whose clock runs behind may end a session "before" another began it.
  closeSession: `UPDATE gateway_hosting_sessions
    SET ended_at = $3, unit_minutes = coalesce(min_inference_units, 1) * GREATEST(0, EXTRACT(EPOCH FROM ($3::timestamptz - since))::float8) / 60
    WHERE project = $1 AND version = $2 AND ended_at IS NULL`,
  openSessionOf: `SELECT ${SESSION_COLUMNS} FROM gateway_hosting_sessions WHERE project = $1 AND version = $2 AND ended_at IS NULL`,
  openSessions: `SELECT ${SESSION_COLUMNS} FROM gateway_hosting_sessions WHERE ended_at IS NULL ORDER BY project, version`,
  history: `SELECT sum(unit_minutes) AS closed_unit_minutes, min(since) AS first_seen
    FROM gateway_hosting_sessions WHERE project = $1 AND version = $2`,
  appendEvent: `INSERT INTO gateway_model_events (project, version, at, actor, action, from_status, result, detail)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  recentEvents: `SELECT project, version, at, actor, action, from_status, result, detail FROM gateway_model_events
    WHERE project = $1 AND version = $2 ORDER BY at DESC, id DESC LIMIT $3`,
  putPolicy: `INSERT INTO gateway_model_policies (project, version, idle_stop_minutes, schedule, updated_at)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (project, version) DO UPDATE SET
      idle_stop_minutes = excluded.idle_stop_minutes, schedule = excluded.schedule, updated_at = excluded.updated_at`,
  removePolicy: 'DELETE FROM gateway_model_policies WHERE project = $1 AND version = $2',
  policies: 'SELECT project, version, idle_stop_minutes, schedule, updated_at FROM gateway_model_policies ORDER BY project, version',
  // Replicas racing for a lapsed lease both reach DO UPDATE; the second re-reads the row the first wrote, finds
  // it held, and gets no row back.
  acquireLease: `INSERT INTO gateway_leases (name, holder, expires_at) VALUES ($1, $2, $4)
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
    WHERE gateway_leases.expires_at <= $3 OR gateway_leases.holder = excluded.holder
    RETURNING holder`,
  releaseLease: 'DELETE FROM gateway_leases WHERE name = $1 AND holder = $2',
  notify: 'SELECT pg_notify($1, $2)',
};

export interface PostgresStateStoreOptions {
  log?: StateLog;
  /** Connections for queries on this replica (the listener has one more). */
  poolSize?: number;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  /** How long a start may wait for another replica's migration. */
  migrationTimeoutMs?: number;
  heartbeatMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How long `close()` waits for connections to end politely before cutting them. */
  closeTimeoutMs?: number;
}

/**
 * The gateway's state in PostgreSQL, shared by every replica pointed at the
 * same database: a pool for queries, and a listener connection for
 * notifications.
 */
export class PostgresStateStore implements StateStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly hub: NotificationHub;
  private readonly listener: PostgresListener;
  private closing: Promise<void> | undefined;

  /** Connects, migrates the schema if needed, and starts listening; rejects when the database cannot be reached. */
  static async open(url: string, options: PostgresStateStoreOptions = {}): Promise<PostgresStateStore> {
    const connections = new PostgresConnections(url, { connectMs: options.connectTimeoutMs ?? 5000, queryMs: options.queryTimeoutMs ?? 10_000 });
    try {
      await migratePostgresState(connections.config(), options.migrationTimeoutMs ?? 60_000);
    } catch (error) {
      connections.destroyAll();
      throw error;
    }
    const store = new PostgresStateStore(connections, options);
    try {
      await store.listener.start();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private constructor(
    private readonly connections: PostgresConnections,
    private readonly options: PostgresStateStoreOptions,
  ) {
    const log = options.log ?? (() => {});
    this.pool = new Pool({ ...connections.config(), max: options.poolSize ?? 10, idleTimeoutMillis: 30_000 });
    // An idle pooled connection that fails (a server restart) is dropped by the pool; without a handler the
    // 'error' event would end the process.
    this.pool.on('error', (error) => log('an idle connection to the state database failed; it will be replaced', error));
    this.hub = new NotificationHub(log);
    this.listener = new PostgresListener(connections.config(), this.hub, log, {
      heartbeatMs: options.heartbeatMs ?? 15_000,
      reconnectMinMs: options.reconnectMinMs ?? 100,
      reconnectMaxMs: options.reconnectMaxMs ?? 5000,
    });
  }

  async addDetections(model: ModelRef, tally: DetectionTally): Promise<void> {
    await this.pool.query(SQL.addDetections, [model.project, model.version, tally.detections, tally.anomalies, tally.lastAt]);
  }

  async lastDetectionAt(model: ModelRef): Promise<Date | null> {
    const [row] = await this.rows<{ last: Date | null }>(SQL.lastDetectionAt, [model.project, model.version]);
    return instantOrNull(row?.last ?? null);
  }

  async openSession(model: ModelRef, since: Date, units: { min: number | null; max: number | null }): Promise<HostingSession> {
    const [row] = await this.rows<SessionRow>(SQL.openSession, [model.project, model.version, since, units.min, units.max]);
    return sessionFromRow(row);
  }

  async setSessionUnits(model: ModelRef, units: { min: number | null; max: number | null }): Promise<void> {
    await this.pool.query(SQL.setSessionUnits, [model.project, model.version, units.min, units.max]);
  }

  async closeSession(model: ModelRef, at: Date): Promise<void> {
    await this.pool.query(SQL.closeSession, [model.project, model.version, at]);
  }

  async openSessionOf(model: ModelRef): Promise<HostingSession | null> {
    const [row] = await this.rows<SessionRow>(SQL.openSessionOf, [model.project, model.version]);
    return row ? sessionFromRow(row) : null;
  }

  async openSessions(): Promise<(ModelRef & HostingSession)[]> {
    return (await this.rows<SessionRow>(SQL.openSessions)).map(openSessionFromRow);
  }

  async history(model: ModelRef): Promise<{ closedUnitMinutes: number; firstSeen: Date | null }> {
    const [row] = await this.rows<HistoryRow>(SQL.history, [model.project, model.version]);
    return historyFromRow(row);
  }

  async appendEvent(event: ModelEventRecord): Promise<void> {
    const { project, version, at, actor, action, fromStatus, result, detail } = event;
    await this.pool.query(SQL.appendEvent, [project, version, at, actor, action, fromStatus, result, detail]);
  }

  async recentEvents(model: ModelRef, limit: number): Promise<ModelEventRecord[]> {
    return (await this.rows<EventRow>(SQL.recentEvents, [model.project, model.version, limit])).map(eventFromRow);
  }

  async putPolicy(policy: StoredPolicy): Promise<void> {
    await this.pool.query(SQL.putPolicy, [policy.project, policy.version, policy.idleStopMinutes, policy.schedule, policy.updatedAt]);
  }

  async removePolicy(model: ModelRef): Promise<void> {
    await this.pool.query(SQL.removePolicy, [model.project, model.version]);
  }

  async policies(): Promise<StoredPolicy[]> {
    return (await this.rows<PolicyRow>(SQL.policies)).map(policyFromRow);
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const held = await this.rows<{ holder: string }>(SQL.acquireLease, [name, holder, now, new Date(now.getTime() + ttlMs)]);
    return held.length > 0;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.pool.query(SQL.releaseLease, [name, holder]);
  }

  async notify(channel: NotificationChannel, payload: string): Promise<void> {
    assertNotificationFits(channel, payload);
    await this.pool.query(SQL.notify, [channel, payload]);
  }

  async listen(channel: NotificationChannel, listener: (payload: string) => void): Promise<() => Promise<void>> {
    const remove = this.hub.add(channel, listener);
    await this.listener.sync();
    return async () => {
      if (remove()) await this.listener.sync();
    };
  }

  close(): Promise<void> {
    this.closing ??= this.closeConnections();
    return this.closing;
  }

  private async closeConnections(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.closeTimeoutMs ?? 5000)));
    const polite = Promise.all([this.listener.close(), this.pool.end()]).then(() => {}, () => {});
    await Promise.race([polite, deadline]);
    clearTimeout(timer);
    // What did not end politely in time (a server that stopped answering) is cut.
    this.connections.destroyAll();
  }

  private async rows<T extends QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(text, values)).rows;
  }
}
