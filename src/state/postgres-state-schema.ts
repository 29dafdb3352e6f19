import { Client, type ClientConfig } from 'pg';

/**
 * The PostgreSQL state schema, one migration a step, numbered from 1 in
 * `gateway_schema_migrations`. Append only: replicas of an older gateway
 * may still run against a database a newer one migrated, so a step adds,
 * never renames or drops what an older replica reads. The tables carry a
 * `gateway_` prefix so the state can share a database with other schemas.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE gateway_hosting_sessions (
    id bigserial PRIMARY KEY,
    project text NOT NULL,
    version text NOT NULL,
    since timestamptz NOT NULL,
    min_inference_units integer,
    max_inference_units integer,
    detections bigint NOT NULL DEFAULT 0,
    anomalies bigint NOT NULL DEFAULT 0,
    last_inference_at timestamptz,
    ended_at timestamptz,
    unit_minutes double precision
  );
  -- At most one open session per model: replicas opening one at once meet here, and ON CONFLICT decides.
  CREATE UNIQUE INDEX gateway_hosting_sessions_open ON gateway_hosting_sessions (project, version) WHERE ended_at IS NULL;
  CREATE INDEX gateway_hosting_sessions_by_model ON gateway_hosting_sessions (project, version);
  CREATE TABLE gateway_model_events (
    id bigserial PRIMARY KEY,
    project text NOT NULL,
    version text NOT NULL,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    from_status text,
    result text NOT NULL,
    detail text
  );
  CREATE INDEX gateway_model_events_recent ON gateway_model_events (project, version, at DESC, id DESC);
  CREATE TABLE gateway_model_policies (
    project text NOT NULL,
    version text NOT NULL,
    idle_stop_minutes integer,
    schedule text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (project, version)
  );
  CREATE TABLE gateway_leases (
    name text PRIMARY KEY,
    holder text NOT NULL,
    expires_at timestamptz NOT NULL
  );
  `,
];

/** Any fixed number: it names the lock every replica takes to migrate. */
const MIGRATION_LOCK_KEY = 0x4c6f6f6b6f7574; // "Lookout"

/**
 * Brings the schema up to date in one transaction, on a connection of its
 * own: waiting for another replica's migration may outlast the timeouts
 * ordinary queries have. Replicas starting at once queue on a
 * transaction-scoped advisory lock, so one migrates and the others then find
 * nothing left to do; a failed step rolls back whole, and the lock goes with
 * the transaction even if the connection dies.
 */
export async function migratePostgresState(connection: ClientConfig, timeoutMs: number): Promise<void> {
  const client = new Client({ ...connection, statement_timeout: timeoutMs, query_timeout: timeoutMs + 1000 });
  // An error on an idle client (the server going away) would otherwise be thrown as an uncaught 'error' event.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS gateway_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ current: number }>('SELECT coalesce(max(version), 0) AS current FROM gateway_schema_migrations');
    for (let version = rows[0].current; version < MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version]);
      await client.query('INSERT INTO gateway_schema_migrations (version) VALUES ($1)', [version + 1]);
    }
    await client.query('COMMIT');
  } finally {
    // Ending the session rolls back whatever did not commit.
    await client.end();
  }
}
