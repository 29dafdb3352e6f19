import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StorageFullError } from '../engine-errors';
import { ENGINE_DATABASE } from './database-file';
import { isStorageFull } from './storage-errors';

export type Db = Database.Database;

/**
 * Schema migrations, applied in order; the index + 1 is the schema version
 * kept in `PRAGMA user_version`. Append only: a data directory written by an
 * older engine must open with a newer one.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE projects (
    name TEXT PRIMARY KEY,
    arn TEXT NOT NULL,
    created_at REAL NOT NULL
  );
  CREATE TABLE datasets (
    project TEXT NOT NULL REFERENCES projects(name),
    type TEXT NOT NULL CHECK (type IN ('train', 'test')),
    status TEXT NOT NULL,
    status_message TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (project, type)
  );
  CREATE TABLE dataset_entries (
    project TEXT NOT NULL,
    type TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    entry TEXT NOT NULL,
    label TEXT CHECK (label IN ('normal', 'anomaly')),
    image_file TEXT NOT NULL,
    mask_file TEXT,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at REAL NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (project, type, source_ref),
    FOREIGN KEY (project, type) REFERENCES datasets(project, type) ON DELETE CASCADE
  );
  CREATE INDEX dataset_entries_by_seq ON dataset_entries(project, type, seq);
  CREATE TABLE tags (
    arn TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (arn, key)
  );
  CREATE TABLE client_tokens (
    operation TEXT NOT NULL,
    token TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (operation, token)
  );
  `,
  `
  CREATE TABLE models (
    project TEXT NOT NULL REFERENCES projects(name),
    version INTEGER NOT NULL,
    arn TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    status_message TEXT,
    created_at REAL NOT NULL,
    output_bucket TEXT NOT NULL,
    output_prefix TEXT,
    kms_key_id TEXT,
    performance TEXT,
    evaluation_manifest_key TEXT,
    evaluation_result_key TEXT,
    evaluation_end REAL,
    min_inference_units INTEGER,
    max_inference_units INTEGER,
    PRIMARY KEY (project, version)
  );
  -- Versions count up per project and are never reused, even after a delete.
  CREATE TABLE model_versions (
    project TEXT PRIMARY KEY,
    last_version INTEGER NOT NULL
  );
  `,
  `
  -- The S3 API's sidecar of the object files under <data>/s3 (s3/object-metadata.ts):
  -- ETag and stored headers of the file version named by fingerprint (size:mtime:inode).
  CREATE TABLE s3_objects (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    etag TEXT NOT NULL,
    headers TEXT NOT NULL,
    PRIMARY KEY (bucket, key)
  );
  -- Multipart uploads in progress; their parts are files under <data>/s3-uploads/<upload_id>.
  CREATE TABLE s3_uploads (
    upload_id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    headers TEXT NOT NULL,
    created_at REAL NOT NULL
  );
  CREATE TABLE s3_upload_parts (
    upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    etag TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (upload_id, part_number)
  );
  `,
  `
  -- Model packaging jobs (store/packaging-store.ts). A deleted project takes its jobs with it.
  -- id orders ListModelPackagingJobs (creation order) and is its NextToken's cursor.
  CREATE TABLE model_packaging_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL REFERENCES projects(name) ON DELETE CASCADE,
    job_name TEXT NOT NULL,
    model_version INTEGER NOT NULL,
    description TEXT,
    -- ModelPackagingConfiguration as DescribeModelPackagingJob answers it (JSON).
    configuration TEXT NOT NULL,
    component_name TEXT NOT NULL,
    component_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('CREATED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    status_message TEXT,
    component_version_arn TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    UNIQUE (project, job_name)
  );
  -- A Greengrass component name + version exists once per account and region; a failed job made none.
  CREATE UNIQUE INDEX model_packaging_components ON model_packaging_jobs(component_name, component_version) WHERE status != 'FAILED';
  CREATE INDEX model_packaging_jobs_by_status ON model_packaging_jobs(status);
  `,
];

/**
 * Opens (creating if needed) the engine's SQLite database under `dataDir`.
 * WAL with synchronous=FULL: a transaction that returned is on disk, so a
 * request acknowledged after its commit survives a kill -9 or power loss.
 *
 * On a full disk an existing database still opens, for reading: writes then
 * fail with SQLITE_FULL until space is freed. Only a schema that cannot be
 * created or upgraded stops the start, as there is nothing to serve without it.
 */
export function openDatabase(dataDir: string, log: (message: string, error?: unknown) => void = () => {}): Db {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, ENGINE_DATABASE);
  let db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
  } catch (error) {
    if (!isStorageFull(error)) throw error;
    // SQLite could not size the shared-memory index (-shm) that every WAL
    // reader needs. With exclusive locking it keeps that index in this
    // process's memory instead, so reads work on a full disk; the engine is
    // the database's only user anyway. It stays so until the next start.
    db.close();
    db = new Database(path);
    db.pragma('locking_mode = EXCLUSIVE');
    whileSpaceAllows(dataDir, () => db.pragma('journal_mode = WAL'));
    log('the storage is full: the database is open with exclusive locking until the engine restarts', error);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  whileSpaceAllows(dataDir, () => migrate(db));
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const apply = db.transaction((version: number) => {
    db.exec(MIGRATIONS[version]);
    db.pragma(`user_version = ${version + 1}`);
  });
  for (let version = current; version < MIGRATIONS.length; version++) apply(version);
}

/** Runs a step that must write the schema; on a full disk, says so in terms an operator can act on. */
function whileSpaceAllows(dataDir: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    if (!isStorageFull(error)) throw error;
    throw new StorageFullError(`The engine's storage is full and its database schema cannot be created or upgraded; free space in ${dataDir}, then start it again.`);
  }
}
