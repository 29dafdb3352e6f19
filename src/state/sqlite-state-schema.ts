import type Database from 'better-sqlite3';

/**
 * The SQLite state schema, one migration a step; the index + 1 is the
 * version kept in `PRAGMA user_version`. Append only: a state file written
 * by an older gateway must open with a newer one. Instants are epoch
 * milliseconds (a JavaScript Date's precision).
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE gateway_hosting_sessions (
    id INTEGER PRIMARY KEY,
    project TEXT NOT NULL,
    version TEXT NOT NULL,
    since INTEGER NOT NULL,
    min_inference_units INTEGER,
    max_inference_units INTEGER,
    detections INTEGER NOT NULL DEFAULT 0,
    anomalies INTEGER NOT NULL DEFAULT 0,
    last_inference_at INTEGER,
    ended_at INTEGER,
    unit_minutes REAL
  );
  -- At most one open session per model; addDetections and openSession upsert on it.
  CREATE UNIQUE INDEX gateway_hosting_sessions_open ON gateway_hosting_sessions (project, version) WHERE ended_at IS NULL;
  CREATE INDEX gateway_hosting_sessions_by_model ON gateway_hosting_sessions (project, version);
  CREATE TABLE gateway_model_events (
    id INTEGER PRIMARY KEY,
    project TEXT NOT NULL,
    version TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    result TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX gateway_model_events_recent ON gateway_model_events (project, version, at DESC, id DESC);
  CREATE TABLE gateway_model_policies (
    project TEXT NOT NULL,
    version TEXT NOT NULL,
    idle_stop_minutes INTEGER,
    schedule TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (project, version)
  );
  CREATE TABLE gateway_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
];

/**
 * Brings the schema up to date. The version is read inside an immediate
 * (write-locked) transaction, so two processes opening a new file at once
 * cannot both apply the same step.
 */
export function migrateSqliteState(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let version = current; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
