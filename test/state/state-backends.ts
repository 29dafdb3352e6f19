import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStateStore } from '../../src/state/postgres-state-store';
import { SqliteStateStore } from '../../src/state/sqlite-state-store';
import type { StateStore } from '../../src/state/state-store';
import { HAVE_POSTGRES, POSTGRES_MISSING, startPostgres, type TestPostgres } from '../support/postgres';

/** Opens one more store ("replica") on the same database. */
export type OpenReplica = () => Promise<StateStore>;

export interface StateBackend {
  kind: 'sqlite' | 'postgres';
  /** Why the backend's tests skip, or null when they run. */
  missing: string | null;
  start(): Promise<void>;
  /** An empty database of its own, and its URL for openStateStore. */
  freshDatabase(): Promise<{ url: string; open: OpenReplica }>;
  stop(): Promise<void>;
}

/** Short timeouts: a test that fails should fail in seconds, not hang until vitest's limit. */
export const TEST_TIMEOUTS = { connectTimeoutMs: 2000, queryTimeoutMs: 3000, closeTimeoutMs: 3000 };

export function sqliteBackend(): StateBackend {
  let dir = '';
  let databases = 0;
  return {
    kind: 'sqlite',
    missing: null,
    start: async () => void (dir = mkdtempSync(join(tmpdir(), 'lookout-state-'))),
    freshDatabase: async () => {
      const path = join(dir, `state-${++databases}.db`);
      return { url: `sqlite:${path}`, open: async () => new SqliteStateStore(path) };
    },
    stop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresBackend(): StateBackend {
  let server: TestPostgres | null = null;
  return {
    kind: 'postgres',
    missing: HAVE_POSTGRES ? null : POSTGRES_MISSING,
    start: async () => {
      server = await startPostgres();
    },
    freshDatabase: async () => {
      const url = await server!.createDatabase();
      return { url, open: () => PostgresStateStore.open(url, TEST_TIMEOUTS) };
    },
    stop: async () => server?.stop(),
  };
}
