import type { ModelDescription } from '@aws-sdk/client-lookoutvision';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StatusSnapshot } from '../../src/runtime/model-status';
import { PollingStatusWatcher, type StatusWatcherOptions } from '../../src/runtime/status-watcher';
import { ModelStatus } from '../../src/schema/enums';
import { ErrorCode } from '../../src/services/error-codes';
import { gatewayError } from '../../src/services/gateway-error';
import { MemoryNotificationBus, MemoryStateStore } from '../support/memory-state-store';

// The watcher over a stubbed LookoutApi and fake timers: which reads go out
// when, what listeners hear, and what travels between replicas.

/** DescribeModel answers by model, changed by the test; each read is recorded with its (fake) time. */
class StubLookout {
  readonly reads: { model: string; at: number }[] = [];
  private readonly answers = new Map<string, ModelDescription | Error>();
  /** Reads answer only when released (for reads in flight across other events). */
  held: (() => void)[] | null = null;

  set(model: string, answer: ModelDescription | Error): void {
    this.answers.set(model, answer);
  }

  describeModel = async (project: string, version: string): Promise<ModelDescription> => {
    const model = `${project}/${version}`;
    this.reads.push({ model, at: Date.now() });
    const answer = this.answers.get(model) ?? gatewayError(ErrorCode.NOT_FOUND, `no model ${model}`);
    if (this.held) await new Promise<void>((release) => this.held!.push(release));
    if (answer instanceof Error) throw answer;
    return { ModelVersion: version, ...answer };
  };

  readsOf(model: string): number[] {
    return this.reads.filter((r) => r.model === model).map((r) => r.at);
  }
}

const A = { project: 'line-3', version: '1' };
const KEY = 'line-3/1';
const logged: string[] = [];
let api: StubLookout;
let watchers: PollingStatusWatcher[];

/** A watcher with no jitter (random 0.5 is the middle of the spread), so pauses are exact. */
async function watcherWith(options: Partial<StatusWatcherOptions> = {}): Promise<PollingStatusWatcher> {
  const watcher = await PollingStatusWatcher.start({ api, random: () => 0.5, log: (message) => logged.push(message), ...options });
  watchers.push(watcher);
  return watcher;
}

function record(): { heard: StatusSnapshot[]; errors: Error[]; listener: (s: StatusSnapshot) => void; onError: (e: Error) => void } {
  const heard: StatusSnapshot[] = [];
  const errors: Error[] = [];
  return { heard, errors, listener: (s) => heard.push(s), onError: (e) => errors.push(e) };
}

/** Gaps between successive reads, in ms. */
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-03-01T10:00:00Z') });
  api = new StubLookout();
  watchers = [];
  logged.length = 0;
});
afterEach(async () => {
  for (const watcher of watchers) await watcher.close();
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe('one poller per model', () => {
  it('tells the first listener the status at once, and a later one the known status without another read', async () => {
    api.set(KEY, { Status: 'TRAINED', StatusMessage: 'Training completed.' });
    const watcher = await watcherWith();
    const first = record();
    const second = record();
    watcher.watch(A, first.listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.heard).toEqual([{ ...A, status: ModelStatus.TRAINED, statusMessage: 'Training completed.', at: new Date('2025-03-01T10:00:00Z') }]);
    watcher.watch(A, second.listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(second.heard).toEqual(first.heard);
    expect(api.reads).toHaveLength(1);
    expect(watcher.watching).toBe(1);
  });

  it('stops reading, and clears its timer, when the last listener leaves', async () => {
    api.set(KEY, { Status: 'TRAINED' });
    const watcher = await watcherWith();
    const stopFirst = watcher.watch(A, () => {});
    const stopSecond = watcher.watch(A, () => {});
    await vi.advanceTimersByTimeAsync(2_000);
    stopFirst();
    expect(watcher.watching).toBe(1);
    stopSecond();
    stopSecond(); // twice is harmless
    expect(watcher.watching).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const reads = api.reads.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.reads).toHaveLength(reads);
  });

  it('keeps separate pollers for separate models', async () => {
    api.set(KEY, { Status: 'TRAINED' });
    api.set('line-3/2', { Status: 'HOSTED' });
    const watcher = await watcherWith();
    const one = record();
    const two = record();
    watcher.watch(A, one.listener);
    watcher.watch({ project: 'line-3', version: '2' }, two.listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(watcher.watching).toBe(2);
    expect(one.heard.map((s) => s.status)).toEqual(['TRAINED']);
    expect(two.heard.map((s) => s.status)).toEqual(['HOSTED']);
  });

  it('goes through the gateway\'s status mapping: a status it does not know is UNKNOWN, named in the message', async () => {
    api.set(KEY, { Status: 'HIBERNATING' as string as ModelDescription['Status'], StatusMessage: 'zzz' });
    const unknown: (string | undefined)[] = [];
    const watcher = await watcherWith({ onUnknownStatus: (s) => unknown.push(s) });
    const { heard, listener } = record();
    watcher.watch(A, listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(heard[0].status).toBe(ModelStatus.UNKNOWN);
    expect(heard[0].statusMessage).toBe('Lookout reported the status "HIBERNATING", which this gateway does not know: zzz');
    expect(unknown).toEqual(['HIBERNATING']);
  });
});

describe('pacing', () => {
  it('reads every 0.5 s while the model changes, backs off doubling to 15 s once it settles, and is fast again after a change', async () => {
    api.set(KEY, { Status: 'STARTING_HOSTING' });
    const watcher = await watcherWith();
    const { heard, listener } = record();
    watcher.watch(A, listener);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(gaps(api.readsOf(KEY))).toEqual([500, 500, 500, 500]);
    api.set(KEY, { Status: 'HOSTED', StatusMessage: 'The model is running.' });
    await vi.advanceTimersByTimeAsync(60_000);
    const settled = gaps(api.readsOf(KEY)).slice(4);
    expect(settled.slice(0, 7)).toEqual([500, 500, 1_000, 2_000, 4_000, 8_000, 15_000]);
    expect(Math.max(...settled)).toBe(15_000);
    expect(heard.map((s) => s.status)).toEqual(['STARTING_HOSTING', 'HOSTED']);

    // A change seen by a read brings the pace back to 0.5 s, from where it backs off again.
    api.set(KEY, { Status: 'HOSTED', StatusMessage: 'Scaled to 2 units.' });
    const changedAt = Date.now();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(gaps(api.readsOf(KEY).filter((t) => t > changedAt)).slice(0, 3)).toEqual([500, 1_000, 2_000]);
    expect(heard.map((s) => s.statusMessage)).toEqual([null, 'The model is running.', 'Scaled to 2 units.']);
  });

  it('spreads pauses by the jitter', async () => {
    api.set(KEY, { Status: 'TRAINING' });
    let turn = 0;
    const watcher = await watcherWith({ random: () => (turn++ % 2 === 0 ? 0 : 0.999) });
    watcher.watch(A, () => {});
    await vi.advanceTimersByTimeAsync(2_000);
    const pauses = gaps(api.readsOf(KEY));
    expect(new Set(pauses.map((p) => (p < 500 ? 'short' : 'long')))).toEqual(new Set(['short', 'long']));
    for (const pause of pauses) expect(Math.abs(pause - 500)).toBeLessThanOrEqual(50);
  });

  it('returns to fast reads when a status is announced, and tells listeners and the other replicas', async () => {
    api.set(KEY, { Status: 'TRAINED' });
    const store = new MemoryStateStore();
    const watcher = await watcherWith({ store, replicaId: 'replica-a' });
    const { heard, listener } = record();
    watcher.watch(A, listener);
    await vi.advanceTimersByTimeAsync(40_000); // backed off to 15 s
    const before = api.reads.length;
    watcher.announce({ ...A, status: ModelStatus.STARTING_HOSTING, statusMessage: null, at: new Date() });
    expect(heard.map((s) => s.status)).toEqual(['TRAINED', 'STARTING_HOSTING']);
    api.set(KEY, { Status: 'STARTING_HOSTING', StatusMessage: 'Hosting.' });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(api.reads.length).toBeGreaterThanOrEqual(before + 3);
    const notices = store.bus.sent.map((n) => JSON.parse(n.payload) as { origin: string; status: string });
    expect(notices.map((n) => n.status)).toEqual(['TRAINED', 'STARTING_HOSTING', 'STARTING_HOSTING']);
    expect(notices.every((n) => n.origin === 'replica-a')).toBe(true);
  });


  it('reads quickly right after its own start or stop (50 ms, doubling to 0.5 s), whether or not a poller was running', async () => {
    const watcher = await watcherWith();
    const announceStart = () => watcher.announce({ ...A, status: ModelStatus.STARTING_HOSTING, statusMessage: null, at: new Date() });

    // No poller yet: the wait that follows the start makes one, and it hurries.
    api.set(KEY, { Status: 'STARTING_HOSTING' });
    announceStart();
    const started = Date.now();
    const stopWatching = watcher.watch(A, () => {});
    await vi.advanceTimersByTimeAsync(2_000);
    const reads = api.readsOf(KEY).filter((t) => t >= started);
    expect(gaps(reads).slice(0, 6)).toEqual([50, 100, 200, 400, 500, 500]);
    stopWatching();

    // An announcement older than 10 s no longer hurries a new poller.
    announceStart();
    await vi.advanceTimersByTimeAsync(10_001);
    const later = Date.now();
    const stopAgain = watcher.watch(A, () => {});
    await vi.advanceTimersByTimeAsync(1_100);
    expect(gaps(api.readsOf(KEY).filter((t) => t >= later))).toEqual([500, 500]);

    // A poller already running hurries too.
    const before = Date.now();
    announceStart();
    await vi.advanceTimersByTimeAsync(800);
    expect(gaps([before, ...api.readsOf(KEY).filter((t) => t > before)]).slice(0, 4)).toEqual([50, 100, 200, 400]);
    stopAgain();
  });
  it('drops a read that began before a newer announcement (it may answer the state the announcement replaced)', async () => {
    api.set(KEY, { Status: 'TRAINED' });
    const watcher = await watcherWith();
    const { heard, listener } = record();
    watcher.watch(A, listener);
    await vi.advanceTimersByTimeAsync(0);
    api.held = [];
    await vi.advanceTimersByTimeAsync(500); // a read goes out and hangs
    expect(api.held).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10);
    watcher.announce({ ...A, status: ModelStatus.STARTING_HOSTING, statusMessage: null, at: new Date() });
    const release = api.held;
    api.held = null;
    release.forEach((go) => go());
    await vi.advanceTimersByTimeAsync(0);
    expect(heard.map((s) => s.status)).toEqual(['TRAINED', 'STARTING_HOSTING']);
  });
});

describe('failures', () => {
  it('ends the watch with NOT_FOUND when the model does not exist, leaving no poller', async () => {
    const watcher = await watcherWith();
    const { heard, errors, listener, onError } = record();
    watcher.watch(A, listener, onError);
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toEqual([]);
    expect(errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual(['NOT_FOUND']);
    expect(watcher.watching).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.reads).toHaveLength(1);
  });

  it('ends the watch when a model it was following is deleted', async () => {
    api.set(KEY, { Status: 'DELETING' });
    const watcher = await watcherWith();
    const { heard, errors, listener, onError } = record();
    const stop = watcher.watch(A, listener, onError);
    await vi.advanceTimersByTimeAsync(0);
    api.set(KEY, gatewayError(ErrorCode.NOT_FOUND, 'gone'));
    await vi.advanceTimersByTimeAsync(500);
    expect(heard.map((s) => s.status)).toEqual(['DELETING']);
    expect(errors).toHaveLength(1);
    expect(watcher.watching).toBe(0);
    stop(); // after the end: harmless
    // Watching again starts a new poller.
    api.set(KEY, { Status: 'TRAINED' });
    watcher.watch(A, listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(heard.map((s) => s.status)).toEqual(['DELETING', 'TRAINED']);
  });

  it('retries upstream failures with backoff (honouring retryAfterSeconds), logs once, and goes on when they pass', async () => {
    api.set(KEY, gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'down'));
    const watcher = await watcherWith();
    const { heard, errors, listener, onError } = record();
    watcher.watch(A, listener, onError);
    await vi.advanceTimersByTimeAsync(7_500);
    expect(gaps(api.readsOf(KEY))).toEqual([1_000, 2_000, 4_000]);
    api.set(KEY, gatewayError(ErrorCode.THROTTLED, 'slow down', { retryAfterSeconds: 20 }));
    await vi.advanceTimersByTimeAsync(8_000);
    api.set(KEY, { Status: 'HOSTED' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(gaps(api.readsOf(KEY)).slice(3, 5)).toEqual([8_000, 20_000]);
    expect(heard.map((s) => s.status)).toEqual(['HOSTED']);
    expect(errors).toEqual([]);
    expect(logged.filter((m) => m.includes('failed; retrying'))).toHaveLength(1);
  });

  it('gives up after giveUpAfterMs of failures, telling listeners the last error', async () => {
    api.set(KEY, { Status: 'HOSTED' });
    const watcher = await watcherWith({ polling: { giveUpAfterMs: 60_000 } });
    const { errors, listener, onError } = record();
    watcher.watch(A, listener, onError);
    await vi.advanceTimersByTimeAsync(0);
    api.set(KEY, gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'down'));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(errors.map((e) => e.message)).toEqual(['down']);
    expect(watcher.watching).toBe(0);
  });

  it('keeps going when a listener throws', async () => {
    api.set(KEY, { Status: 'TRAINED' });
    const watcher = await watcherWith();
    const { heard, listener } = record();
    watcher.watch(A, () => {
      throw new Error('listener bug');
    });
    watcher.watch(A, listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toHaveLength(1);
    expect(logged).toContain('a model status listener failed');
  });
});

describe('between replicas', () => {
  it('tells a replica\'s listeners what another replica saw, and ignores its own echoes, stale news, and unwatched models', async () => {
    const bus = new MemoryNotificationBus();
    api.set(KEY, { Status: 'TRAINED' });
    const a = await watcherWith({ store: new MemoryStateStore(bus), replicaId: 'a' });
    const b = await watcherWith({ store: new MemoryStateStore(bus), replicaId: 'b' });
    const onB = record();
    b.watch(A, onB.listener);
    await vi.advanceTimersByTimeAsync(40_000); // B backed off
    const readsOfB = api.reads.length;

    a.announce({ ...A, status: ModelStatus.STARTING_HOSTING, statusMessage: null, at: new Date() });
    await vi.advanceTimersByTimeAsync(0);
    expect(onB.heard.map((s) => s.status)).toEqual(['TRAINED', 'STARTING_HOSTING']);
    // News brings B's own poller back to fast reads.
    api.set(KEY, { Status: 'STARTING_HOSTING' });
    await vi.advanceTimersByTimeAsync(1_100);
    expect(api.reads.length).toBeGreaterThanOrEqual(readsOfB + 2);

    // Older than what B confirmed since: dropped.
    a.announce({ ...A, status: ModelStatus.TRAINED, statusMessage: null, at: new Date(Date.now() - 60_000) });
    // Of a model B does not watch: nothing.
    a.announce({ project: 'other', version: '1', status: ModelStatus.HOSTED, statusMessage: null, at: new Date() });
    await vi.advanceTimersByTimeAsync(0);
    expect(onB.heard.map((s) => s.status)).toEqual(['TRAINED', 'STARTING_HOSTING']);
    expect(b.watching).toBe(1);

    // B's own reads went out on the bus too; B did not hear them back as news.
    const fromB = bus.sent.map((n) => JSON.parse(n.payload) as { origin: string }).filter((n) => n.origin === 'b');
    expect(fromB.length).toBeGreaterThan(0);
    expect(onB.heard).toHaveLength(2);
  });

  it('ignores a payload that is not a status notice', async () => {
    const bus = new MemoryNotificationBus();
    const store = new MemoryStateStore(bus);
    api.set(KEY, { Status: 'TRAINED' });
    const watcher = await watcherWith({ store });
    const { heard, listener } = record();
    watcher.watch(A, listener);
    await store.notify('model-status', '{"hello":1}');
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toHaveLength(1);
    expect(logged).toContain('ignored a model-status notification that is not a status notice');
  });

  it('stops listening on close, and refuses to watch after', async () => {
    const store = new MemoryStateStore();
    const watcher = await watcherWith({ store });
    expect(store.listening).toBe(1);
    api.set(KEY, { Status: 'TRAINING' });
    watcher.watch(A, () => {});
    await watcher.close();
    expect(store.listening).toBe(0);
    expect(watcher.watching).toBe(0);
    expect(() => watcher.watch(A, () => {})).toThrow(/closed/);
  });
});
