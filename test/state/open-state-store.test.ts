import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStateLocation, openStateStore, stateLocation } from '../../src/state/open-state-store';
import { ConfigError } from '../../src/util/config-values';

const DATA = '/var/lib/lookout';

describe('STATE_DATABASE_URL', () => {
  it.each([
    [undefined, { kind: 'sqlite', path: '/var/lib/lookout/gateway-state.db' }],
    ['', { kind: 'sqlite', path: '/var/lib/lookout/gateway-state.db' }],
    ['sqlite:', { kind: 'sqlite', path: '/var/lib/lookout/gateway-state.db' }],
    ['sqlite:/srv/state.db', { kind: 'sqlite', path: '/srv/state.db' }],
    ['sqlite:///srv/state.db', { kind: 'sqlite', path: '/srv/state.db' }],
    ['sqlite:state.db', { kind: 'sqlite', path: resolve('state.db') }],
    ['/srv/state.db', { kind: 'sqlite', path: '/srv/state.db' }],
    ['./state.db', { kind: 'sqlite', path: resolve('state.db') }],
    ['postgres://gw:secret@db.internal:5432/lookout', { kind: 'postgres', url: 'postgres://gw:secret@db.internal:5432/lookout' }],
    ['postgresql://db.internal/lookout?sslmode=require', { kind: 'postgres', url: 'postgresql://db.internal/lookout?sslmode=require' }],
    ['postgres:///lookout?host=/var/run/postgresql', { kind: 'postgres', url: 'postgres:///lookout?host=/var/run/postgresql' }],
  ])('%s names %o', (url, location) => {
    expect(stateLocation(url, DATA)).toEqual(location);
  });

  it.each([
    ['postgres://gw:s3cret-pw@db.internal:notaport/lookout', /not a valid URL/],
    ['postgres://gw:s3cret-pw@[::1/lookout', /not a valid URL/],
    ['postgres:///lookout', /names no host/],
    ['mysql://gw:s3cret-pw@db.internal/lookout', /"mysql:" is none of these/],
  ])('refuses %s with a ConfigError that does not repeat the password', (url, message) => {
    let thrown: unknown;
    try {
      stateLocation(url, DATA);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('s3cret-pw');
  });

  it('is described for logs without its password', () => {
    expect(describeStateLocation(stateLocation('postgres://gw:s3cret-pw@db.internal:5432/lookout?sslpassword=k3y-pw', DATA))).toBe(
      'PostgreSQL postgres://gw:***@db.internal:5432/lookout?sslpassword=***',
    );
    expect(describeStateLocation(stateLocation(undefined, DATA))).toBe('SQLite /var/lib/lookout/gateway-state.db');
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'lookout-state-open-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('unset, opens SQLite in the data directory, creating it', async () => {
    const nested = join(dataDir, 'not-yet');
    const store = await openStateStore(undefined, nested);
    try {
      expect(store.kind).toBe('sqlite');
      expect(existsSync(join(nested, 'gateway-state.db'))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
