import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStateStore } from '../../src/state/postgres-state-store';
import { pollUntil } from '../../src/util/poll-until';
import { HAVE_POSTGRES, POSTGRES_MISSING, startPostgres, type TestPostgres } from '../support/postgres';
import { TEST_TIMEOUTS } from './state-backends';

const MODEL = { project: 'cookies', version: '1' };
const tally = () => ({ detections: 1, anomalies: 0, lastAt: new Date() });
/** Checked often and retried soon, so the test sees a reconnection in a second or two. */
const QUICK_RECOVERY = { ...TEST_TIMEOUTS, heartbeatMs: 300, reconnectMinMs: 50, reconnectMaxMs: 400 };

async function within<T>(ms: number, work: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; tookMs: number }> {
  const started = Date.now();
  const [outcome] = await Promise.allSettled([work()]);
  const tookMs = Date.now() - started;
  expect(tookMs, `took ${tookMs} ms`).toBeLessThan(ms);
  return { outcome, tookMs };
}

/** Notifies until the listener hears one: notifications sent while it is reconnecting are lost, by design. */
async function heardAgain(store: PostgresStateStore, heard: string[], payload: string): Promise<void> {
  const { settled } = await pollUntil(
    async () => {
      await store.notify('model-status', payload).catch(() => {});
      return heard.includes(payload);
    },
    (done) => done,
    { minDelay: 0.1, maxDelay: 0.5, maxWaitTime: 20 },
  );
  expect(settled, `heard ${JSON.stringify(heard)}`).toBe(true);
}

describe.skipIf(!HAVE_POSTGRES)(`the PostgreSQL state store when the server goes away${HAVE_POSTGRES ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = (await startPostgres())!;
  });
  afterAll(() => server?.stop());

  it('survives a restart: queries fail fast while it is down, then the listener is back and hears new notifications', async () => {
    const logged: string[] = [];
    const store = await PostgresStateStore.open(server.url, { ...QUICK_RECOVERY, log: (message) => logged.push(message) });
    try {
      const heard: string[] = [];
      await store.listen('model-status', (payload) => heard.push(payload));
      await heardAgain(store, heard, 'before');

      await server.stopServer();
      const { outcome } = await within(TEST_TIMEOUTS.connectTimeoutMs + 1000, () => store.addDetections(MODEL, tally()));
      expect(outcome.status).toBe('rejected');
      await expect(store.notify('model-status', 'lost')).rejects.toThrow();

      await server.startServer();
      await heardAgain(store, heard, 'after');
      await store.addDetections(MODEL, tally());
      // The flush that failed while the server was down is the caller's to retry; this one counted.
      expect(await store.openSessionOf(MODEL)).toMatchObject({ detections: 1 });
      expect(logged).toContain('the state database listener reconnected');
    } finally {
      await store.close();
    }
  });

  it('fails queries within the timeout when the server stops answering, and recovers when it answers again', async () => {
    const store = await PostgresStateStore.open(server.url, QUICK_RECOVERY);
    const heard: string[] = [];
    try {
      await store.listen('model-status', (payload) => heard.push(payload));
      // One query first, so the pool holds a connection that the frozen server will leave unanswered.
      await store.addDetections(MODEL, tally());
      server.freeze();
      try {
        const bound = TEST_TIMEOUTS.queryTimeoutMs + 1000 + 1500;
        const { outcome } = await within(bound, () => store.lastDetectionAt(MODEL));
        expect(outcome.status).toBe('rejected');
        // A new connection meets the same silence and gives up after the connect timeout.
        const { outcome: fresh } = await within(bound, () => Promise.all([store.lastDetectionAt(MODEL), store.lastDetectionAt(MODEL)]));
        expect(fresh.status).toBe('rejected');
      } finally {
        server.thaw();
      }
      await heardAgain(store, heard, 'thawed');
      expect(await store.lastDetectionAt(MODEL)).toBeInstanceOf(Date);
    } finally {
      await store.close();
    }
  });

  it('close() ends even while the server answers nothing', async () => {
    const store = await PostgresStateStore.open(server.url, { ...TEST_TIMEOUTS, closeTimeoutMs: 1000 });
    await store.listen('model-status', () => {});
    await store.addDetections(MODEL, tally());
    server.freeze();
    try {
      await within(3000, () => store.close());
    } finally {
      server.thaw();
    }
  });
});
