import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore } from './open-state-store';
import type { StateStore } from './state-store';

/**
 * A SQLite state store in a fresh temporary directory, removed on close: for a
 * gateway built without one (tests, tools); one that runs for real is given its
 * store (STATE_DATABASE_URL or the data directory).
 */
export async function throwawayStateStore(): Promise<{ store: StateStore; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-gateway-state-'));
  const store = await openStateStore(undefined, dir);
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
