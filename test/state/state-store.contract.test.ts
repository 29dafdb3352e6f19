import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEventRecord, StateStore } from '../../src/state/state-store';
import { postgresBackend, sqliteBackend, type OpenReplica, type StateBackend } from './state-backends';

/**
 * One table of behaviours, run against both stores. Each behaviour gets an
 * empty database of its own and may open several stores on it: with
 * PostgreSQL they are replicas as the gateway runs them, with SQLite stores
 * of one process sharing the file.
 */
interface Database {
  url: string;
  /** Another store on this database; closed after the behaviour. */
  replica: OpenReplica;
}

const MODEL = { project: 'cookies', version: '1' };
const OTHER = { project: 'cookies', version: '2' };
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
/** An instant `minutes` after a fixed start (fractions allowed). */
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const NO_UNITS = { min: null, max: null };

function event(minutes: number, action: string, model = MODEL): ModelEventRecord {
  return { ...model, at: at(minutes), actor: 'ops-console', action, fromStatus: 'HOSTED', result: 'STOPPING_HOSTING', detail: null };
}

/** Resolves with what `store` hears on `model-status` until `count` payloads arrived, or rejects after `ms`. */
async function hear(store: StateStore, count: number, ms = 5000): Promise<{ heard: string[]; done: Promise<string[]>; stop: () => Promise<void> }> {
  const heard: string[] = [];
  let finish: () => void = () => {};
  const done = new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`heard ${JSON.stringify(heard)}, expected ${count}`)), ms);
    finish = () => {
      clearTimeout(timer);
      resolve(heard);
    };
  });
  const stop = await store.listen('model-status', (payload) => {
    heard.push(payload);
    if (heard.length === count) finish();
  });
  return { heard, done, stop };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

const BEHAVIOURS: [string, (db: Database) => Promise<void>][] = [
  [
    'openSession opens one session and returns the open one when called again',
    async ({ replica }) => {
      const store = await replica();
      const opened = await store.openSession(MODEL, at(0), { min: 2, max: 4 });
      expect(opened).toEqual({ since: at(0), minInferenceUnits: 2, maxInferenceUnits: 4, detections: 0, anomalies: 0, lastInferenceAt: null, endedAt: null, unitMinutes: null });
      expect(await store.openSession(MODEL, at(5), { min: 1, max: 1 })).toEqual(opened);
      expect(await store.openSessionOf(MODEL)).toEqual(opened);
      expect(await store.openSessionOf(OTHER)).toBeNull();
    },
  ],
  [
    'closeSession ends the open session with min units x minutes, fractions kept, and is idempotent',
    async ({ replica }) => {
      const store = await replica();
      await store.openSession(MODEL, at(0), { min: 2, max: 4 });
      await store.closeSession(MODEL, at(90.5));
      expect(await store.openSessionOf(MODEL)).toBeNull();
      expect(await store.history(MODEL)).toEqual({ closedUnitMinutes: 181, firstSeen: at(0) });
      await store.closeSession(MODEL, at(200));
      await store.closeSession(OTHER, at(200));
      expect(await store.history(MODEL)).toEqual({ closedUnitMinutes: 181, firstSeen: at(0) });
      expect(await store.history(OTHER)).toEqual({ closedUnitMinutes: 0, firstSeen: null });
    },
  ],
  [
    'a session whose units are unknown counts one unit; units learned later replace it, a null leaves them',
    async ({ replica }) => {
      const store = await replica();
      await store.openSession(MODEL, at(0), NO_UNITS);
      await store.closeSession(MODEL, at(0.25));
      expect((await store.history(MODEL)).closedUnitMinutes).toBeCloseTo(0.25, 9);

      await store.openSession(MODEL, at(10), NO_UNITS);
      await store.setSessionUnits(MODEL, { min: 3, max: 5 });
      await store.setSessionUnits(MODEL, NO_UNITS);
      expect(await store.openSessionOf(MODEL)).toMatchObject({ minInferenceUnits: 3, maxInferenceUnits: 5 });
      await store.closeSession(MODEL, at(20));
      expect((await store.history(MODEL)).closedUnitMinutes).toBeCloseTo(30.25, 9);
      // With no open session there is nothing to record units on.
      await store.setSessionUnits(OTHER, { min: 1, max: 1 });
      expect(await store.openSessionOf(OTHER)).toBeNull();
    },
  ],
  [
    'a session ended before its start (clocks of replicas apart) counts zero unit-minutes, not a negative',
    async ({ replica }) => {
      const store = await replica();
      await store.openSession(MODEL, at(10), { min: 2, max: 2 });
      await store.closeSession(MODEL, at(9.5));
      expect(await store.history(MODEL)).toEqual({ closedUnitMinutes: 0, firstSeen: at(10) });
    },
  ],
  [
    'history sums only ended sessions and gives the earliest start',
    async ({ replica }) => {
      const store = await replica();
      await store.openSession(MODEL, at(0), { min: 1, max: 1 });
      await store.closeSession(MODEL, at(60));
      await store.openSession(MODEL, at(120), { min: 2, max: 2 });
      await store.closeSession(MODEL, at(150));
      await store.openSession(MODEL, at(200), { min: 4, max: 4 });
      expect(await store.history(MODEL)).toEqual({ closedUnitMinutes: 120, firstSeen: at(0) });
      const sessions = await store.openSessions();
      expect(sessions).toEqual([{ ...MODEL, since: at(200), minInferenceUnits: 4, maxInferenceUnits: 4, detections: 0, anomalies: 0, lastInferenceAt: null, endedAt: null, unitMinutes: null }]);
    },
  ],
  [
    'openSessions lists every model with a session open',
    async ({ replica }) => {
      const store = await replica();
      await store.openSession(OTHER, at(1), NO_UNITS);
      await store.openSession(MODEL, at(0), NO_UNITS);
      await store.openSession({ project: 'aliens', version: '7' }, at(2), NO_UNITS);
      await store.closeSession({ project: 'aliens', version: '7' }, at(3));
      expect((await store.openSessions()).map(({ project, version, since }) => ({ project, version, since }))).toEqual([
        { ...MODEL, since: at(0) },
        { ...OTHER, since: at(1) },
      ]);
    },
  ],
  [
    'addDetections opens a session at the tally when none is open, then accumulates',
    async ({ replica }) => {
      const store = await replica();
      await store.addDetections(MODEL, { detections: 5, anomalies: 1, lastAt: at(3) });
      await store.addDetections(MODEL, { detections: 2, anomalies: 2, lastAt: at(4) });
      // A replica flushing late, with an older last detection, adds its counts but does not move the clock back.
      await store.addDetections(MODEL, { detections: 1, anomalies: 0, lastAt: at(2) });
      expect(await store.openSessionOf(MODEL)).toEqual({
        since: at(3),
        minInferenceUnits: null,
        maxInferenceUnits: null,
        detections: 8,
        anomalies: 3,
        lastInferenceAt: at(4),
        endedAt: null,
        unitMinutes: null,
      });
      await store.closeSession(MODEL, at(5));
      await store.addDetections(MODEL, { detections: 1, anomalies: 1, lastAt: at(6) });
      expect(await store.openSessionOf(MODEL)).toMatchObject({ since: at(6), detections: 1, anomalies: 1 });
    },
  ],
  [
    'addDetections on an open session moves its idle clock from null',
    async ({ replica }) => {
      const store = await replica();
      await store.openSession(MODEL, at(0), { min: 1, max: 1 });
      expect(await store.lastDetectionAt(MODEL)).toBeNull();
      await store.addDetections(MODEL, { detections: 1, anomalies: 0, lastAt: at(7) });
      expect(await store.openSessionOf(MODEL)).toMatchObject({ since: at(0), detections: 1, lastInferenceAt: at(7) });
      expect(await store.lastDetectionAt(MODEL)).toEqual(at(7));
    },
  ],
  [
    'lastDetectionAt is the latest detection any replica reported, also after the session ended',
    async ({ replica }) => {
      const [a, b] = [await replica(), await replica()];
      await a.addDetections(MODEL, { detections: 1, anomalies: 0, lastAt: at(1) });
      await b.addDetections(MODEL, { detections: 1, anomalies: 0, lastAt: at(2) });
      expect(await a.lastDetectionAt(MODEL)).toEqual(at(2));
      expect(await b.lastDetectionAt(MODEL)).toEqual(at(2));
      expect(await a.openSessionOf(MODEL)).toMatchObject({ detections: 2 });
      await b.closeSession(MODEL, at(3));
      expect(await a.lastDetectionAt(MODEL)).toEqual(at(2));
      expect(await a.lastDetectionAt(OTHER)).toBeNull();
    },
  ],
  [
    'replicas adding detections at once lose no count and open a single session',
    async ({ replica }) => {
      const [a, b] = [await replica(), await replica()];
      const flushes = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).addDetections(MODEL, { detections: 3, anomalies: 1, lastAt: at(i) }));
      await Promise.all(flushes);
      const open = await a.openSessions();
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ detections: 120, anomalies: 40, lastInferenceAt: at(39) });
    },
  ],
  [
    'replicas opening a session at once share one',
    async ({ replica }) => {
      const [a, b] = [await replica(), await replica()];
      const opened = await Promise.all([a.openSession(MODEL, at(0), NO_UNITS), b.openSession(MODEL, at(1), NO_UNITS), a.openSession(MODEL, at(2), NO_UNITS)]);
      expect(new Set(opened.map((session) => session.since.getTime())).size).toBe(1);
      expect(await b.openSessions()).toHaveLength(1);
    },
  ],
  [
    'recentEvents gives a model\'s events newest first, at most the limit',
    async ({ replica }) => {
      const store = await replica();
      await store.appendEvent(event(1, 'start'));
      await store.appendEvent(event(3, 'idle-stop'));
      await store.appendEvent({ ...event(2, 'set-policy'), fromStatus: null, detail: 'idleStopMinutes=30' });
      await store.appendEvent(event(4, 'start', OTHER));
      // Two events in the same millisecond keep the order they were appended in.
      await store.appendEvent(event(3, 'scheduled-start'));
      expect((await store.recentEvents(MODEL, 10)).map((e) => e.action)).toEqual(['scheduled-start', 'idle-stop', 'set-policy', 'start']);
      expect(await store.recentEvents(MODEL, 2)).toEqual([event(3, 'scheduled-start'), event(3, 'idle-stop')]);
      expect((await store.recentEvents(MODEL, 10))[2]).toEqual({ ...event(2, 'set-policy'), fromStatus: null, detail: 'idleStopMinutes=30' });
      expect(await store.recentEvents({ project: 'none', version: '1' }, 10)).toEqual([]);
    },
  ],
  [
    'policies are put, replaced, listed and removed',
    async ({ replica }) => {
      const store = await replica();
      const policy = { ...MODEL, idleStopMinutes: 30, schedule: null, updatedAt: at(1) };
      const other = { ...OTHER, idleStopMinutes: null, schedule: 'Mon-Fri 08:00-18:00 Europe/Berlin', updatedAt: at(2) };
      await store.putPolicy(other);
      await store.putPolicy(policy);
      expect(await store.policies()).toEqual([policy, other]);
      const replaced = { ...policy, idleStopMinutes: 10, schedule: 'daily 06:00-22:00 UTC', updatedAt: at(3) };
      await store.putPolicy(replaced);
      expect(await store.policies()).toEqual([replaced, other]);
      await store.removePolicy(OTHER);
      await store.removePolicy({ project: 'none', version: '1' });
      expect(await store.policies()).toEqual([replaced]);
    },
  ],
  [
    'a lease has one holder at a time, is renewed by it, taken over after it lapses, and released',
    async ({ replica }) => {
      const [a, b] = [await replica(), await replica()];
      expect(await a.acquireLease('scheduler', 'replica-a', 30_000, at(0))).toBe(true);
      expect(await b.acquireLease('scheduler', 'replica-b', 30_000, at(0.1))).toBe(false);
      // Renewal extends it: at 0.6 min the first term (until 0.5) has lapsed, the renewed one (until 0.7) has not.
      expect(await a.acquireLease('scheduler', 'replica-a', 30_000, at(0.2))).toBe(true);
      expect(await b.acquireLease('scheduler', 'replica-b', 30_000, at(0.6))).toBe(false);
      // Other names are other leases.
      expect(await b.acquireLease('metrics', 'replica-b', 30_000, at(0.6))).toBe(true);
      // Lapsed: another takes it, and the former holder cannot renew.
      expect(await b.acquireLease('scheduler', 'replica-b', 30_000, at(0.7))).toBe(true);
      expect(await a.acquireLease('scheduler', 'replica-a', 30_000, at(0.8))).toBe(false);
      // Only the holder's release counts.
      await a.releaseLease('scheduler', 'replica-a');
      expect(await a.acquireLease('scheduler', 'replica-a', 30_000, at(0.9))).toBe(false);
      await b.releaseLease('scheduler', 'replica-b');
      expect(await a.acquireLease('scheduler', 'replica-a', 30_000, at(0.9))).toBe(true);
    },
  ],
  [
    'replicas racing for a lease: exactly one gets it',
    async ({ replica }) => {
      const stores = [await replica(), await replica(), await replica()];
      const attempts = stores.flatMap((store, i) => [0, 1, 2].map(() => store.acquireLease('scheduler', `replica-${i}`, 30_000, at(0))));
      const won = (await Promise.all(attempts)).map((ok, i) => (ok ? `replica-${Math.floor(i / 3)}` : null)).filter(Boolean);
      expect(new Set(won).size).toBe(1);
    },
  ],
  [
    'a notification reaches listeners on every replica, the sender\'s included, until they unsubscribe',
    async ({ replica }) => {
      const [a, b] = [await replica(), await replica()];
      const onA = await hear(a, 2);
      const onB = await hear(b, 1);
      await b.notify('model-status', '{"project":"cookies","version":"1","status":"HOSTED"}');
      await onB.done;
      await onB.stop();
      await a.notify('model-status', 'second');
      expect(await onA.done).toEqual(['{"project":"cookies","version":"1","status":"HOSTED"}', 'second']);
      await onA.stop();
      await a.notify('model-status', 'unheard');
      await settle();
      expect(onA.heard).toHaveLength(2);
      expect(onB.heard).toHaveLength(1);
    },
  ],
  [
    'a listener that throws does not keep the others from hearing',
    async ({ replica }) => {
      const store = await replica();
      await store.listen('model-status', () => {
        throw new Error('faulty subscriber');
      });
      const good = await hear(store, 1);
      await store.notify('model-status', 'still heard');
      expect(await good.done).toEqual(['still heard']);
    },
  ],
  [
    'each listen() is a subscription of its own, even of the same function',
    async ({ replica }) => {
      const store = await replica();
      const heard: string[] = [];
      const listener = (payload: string) => heard.push(payload);
      const first = await store.listen('model-status', listener);
      await store.listen('model-status', listener);
      await first();
      const witness = await hear(store, 1);
      await store.notify('model-status', 'once');
      await witness.done;
      expect(heard).toEqual(['once']);
    },
  ],
  [
    'a payload too large for PostgreSQL\'s NOTIFY is refused',
    async ({ replica }) => {
      const store = await replica();
      await expect(store.notify('model-status', 'x'.repeat(8000))).rejects.toThrow(RangeError);
      // 7999 bytes of UTF-8 is the most PostgreSQL accepts; 'é' is two bytes.
      await expect(store.notify('model-status', 'é'.repeat(4000))).rejects.toThrow(/8000 bytes|7999-byte/);
      await store.notify('model-status', 'x'.repeat(7999));
    },
  ],
  [
    'stores opening a fresh database at once both migrate it, and a reopened store finds the data',
    async ({ replica }) => {
      const [a, b, c] = await Promise.all([replica(), replica(), replica()]);
      await a.openSession(MODEL, at(0), { min: 1, max: 1 });
      expect(await b.openSessionOf(MODEL)).toMatchObject({ since: at(0) });
      await c.close();
      expect(await (await replica()).openSessionOf(MODEL)).toMatchObject({ since: at(0) });
    },
  ],
  [
    'close() leaves nothing running: a process that used and closed a store exits by itself',
    async ({ url }) => {
      const fixture = join(__dirname, 'fixtures', 'use-then-close.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, 20_000);
        child.once('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'closed' });
    },
  ],
];

function contract(backend: StateBackend): void {
  const title = `the ${backend.kind} state store${backend.missing ? ` (skipped: ${backend.missing})` : ''}`;
  describe.skipIf(backend.missing !== null)(title, () => {
    const opened: StateStore[] = [];
    beforeAll(() => backend.start());
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });
    afterAll(() => backend.stop());

    it.each(BEHAVIOURS)('%s', async (_name, behaviour) => {
      const { url, open } = await backend.freshDatabase();
      await behaviour({
        url,
        replica: async () => {
          const store = await open();
          opened.push(store);
          return store;
        },
      });
    });
  });
}

contract(sqliteBackend());
contract(postgresBackend());
