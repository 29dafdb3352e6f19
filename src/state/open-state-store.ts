import { join, resolve } from 'node:path';
import { ConfigError } from '../util/config-values';
import type { StateLog } from './notification-hub';
import { PostgresStateStore } from './postgres-state-store';
import { SqliteStateStore } from './sqlite-state-store';
import type { StateStore } from './state-store';

export const DEFAULT_STATE_FILE = 'gateway-state.db';

export type StateLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * Where `STATE_DATABASE_URL` puts the state: unset or empty, the file
 * `<dataDir>/gateway-state.db`; `sqlite:PATH` (also `sqlite:///abs/path`) or
 * a plain path, that SQLite file; `postgres://` or `postgresql://`, that
 * database. Anything else is a ConfigError, which never repeats the value:
 * it may hold a password.
 */
export function stateLocation(url: string | undefined, dataDir: string): StateLocation {
  const value = url?.trim() ?? '';
  if (value === '') return { kind: 'sqlite', path: join(dataDir, DEFAULT_STATE_FILE) };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1].toLowerCase();
  if (scheme === undefined) return { kind: 'sqlite', path: resolve(value) };
  if (scheme === 'sqlite') {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return { kind: 'sqlite', path: path === '' ? join(dataDir, DEFAULT_STATE_FILE) : resolve(path) };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    assertPostgresUrl(value);
    return { kind: 'postgres', url: value };
  }
  throw new ConfigError(`STATE_DATABASE_URL must be a postgres:// or postgresql:// URL, sqlite:PATH or a file path; "${scheme}:" is none of these.`);
}

function assertPostgresUrl(value: string): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError('STATE_DATABASE_URL is not a valid URL (postgres://user:password@host:port/database; percent-encode special characters in the password). It is not repeated here, as it may hold a password.');
  }
  // A host in the URL, or a socket directory as ?host=/path (libpq's form for Unix sockets).
  if (parsed.hostname === '' && !parsed.searchParams.get('host')) {
    throw new ConfigError('STATE_DATABASE_URL names no host: postgres://user:password@host:port/database.');
  }
}

/** The location as it may be logged: a PostgreSQL URL without its password. */
export function describeStateLocation(location: StateLocation): string {
  if (location.kind === 'sqlite') return `SQLite ${location.path}`;
  const shown = new URL(location.url);
  if (shown.password) shown.password = '***';
  // libpq also takes a password (and a key's passphrase) as a query parameter.
  for (const name of [...shown.searchParams.keys()]) if (/password/i.test(name)) shown.searchParams.set(name, '***');
  return `PostgreSQL ${shown.toString()}`;
}

/** Opens the state store `STATE_DATABASE_URL` names (see stateLocation). */
export async function openStateStore(url: string | undefined, dataDir: string, options: { log?: StateLog } = {}): Promise<StateStore> {
  const location = stateLocation(url, dataDir);
  return location.kind === 'sqlite' ? new SqliteStateStore(location.path, options) : PostgresStateStore.open(location.url, options);
}
