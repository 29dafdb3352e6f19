import { describe, expect, it } from 'vitest';
import { SharedReadCache } from '../src/services/shared-read-cache';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('shared read cache', () => {
  it('answers a key from one upstream call until it is ttl old, then reads again', async () => {
    let now = 0;
    let calls = 0;
    const cache = new SharedReadCache(1000, () => now);
    const read = () => cache.read('parts', 'models', async () => ++calls);
    expect(await read()).toBe(1);
    now = 999;
    expect(await read()).toBe(1);
    now = 1000;
    expect(await read()).toBe(2);
    expect(calls).toBe(2);
  });

  it('joins concurrent reads of a key into one call', async () => {
    const cache = new SharedReadCache(1000, () => 0);
    const upstream = deferred<string>();
    let calls = 0;
    const reads = Array.from({ length: 10 }, () => cache.read('parts', 'project', () => (calls++, upstream.promise)));
    upstream.resolve('described');
    expect(await Promise.all(reads)).toEqual(Array(10).fill('described'));
    expect(calls).toBe(1);
  });

  it('keeps no failure: the next read tries again', async () => {
    const cache = new SharedReadCache(1000, () => 0);
    await expect(cache.read('parts', 'project', () => Promise.reject(new Error('throttled')))).rejects.toThrow('throttled');
    expect(await cache.read('parts', 'project', async () => 'described')).toBe('described');
  });

  it('forgets a project at once when it changes, in-flight reads included, and the project list with it', async () => {
    const cache = new SharedReadCache(60_000, () => 0);
    await cache.read('parts', 'models', async () => 'before');
    await cache.read(SharedReadCache.ALL_PROJECTS, 'list', async () => ['parts']);
    await cache.read('other', 'models', async () => 'other, before');
    const slow = deferred<string>();
    const inFlight = cache.read('parts', 'model:1', () => slow.promise);

    cache.invalidate('parts');
    expect(await cache.read('parts', 'models', async () => 'after')).toBe('after');
    expect(await cache.read(SharedReadCache.ALL_PROJECTS, 'list', async () => ['parts', 'new'])).toEqual(['parts', 'new']);
    // A read sent before the change is not handed to readers after it...
    expect(await cache.read('parts', 'model:1', async () => 'fresh')).toBe('fresh');
    // ...and its late answer replaces nothing.
    slow.resolve('stale');
    expect(await inFlight).toBe('stale');
    expect(await cache.read('parts', 'model:1', async () => 'fresher')).toBe('fresh');
    // Other projects keep theirs.
    expect(await cache.read('other', 'models', async () => 'other, after')).toBe('other, before');
  });

  it('with ttl 0 reads upstream every time, joining nothing', async () => {
    const cache = new SharedReadCache(0, () => 0);
    let calls = 0;
    await Promise.all([cache.read('parts', 'models', async () => ++calls), cache.read('parts', 'models', async () => ++calls)]);
    expect(calls).toBe(2);
  });

  it('counts hits and misses', async () => {
    const counted = { hit: 0, miss: 0 };
    const cache = new SharedReadCache(1000, () => 0, { hit: () => counted.hit++, miss: () => counted.miss++ });
    await cache.read('parts', 'models', async () => 1);
    await cache.read('parts', 'models', async () => 2);
    expect(counted).toEqual({ hit: 1, miss: 1 });
  });

  it('answers a settled, fresh read without a promise, counted as a hit; nothing in flight, expired or dropped', async () => {
    let now = 0;
    const counted = { hit: 0, miss: 0 };
    const cache = new SharedReadCache(1000, () => now, { hit: () => counted.hit++, miss: () => counted.miss++ });
    const upstream = deferred<string>();
    const pending = cache.read('parts', 'models', () => upstream.promise);
    expect(cache.peek('parts', 'models')).toBeUndefined();
    upstream.resolve('listed');
    await pending;
    expect(cache.peek('parts', 'models')).toEqual({ value: 'listed' });
    expect(counted).toEqual({ hit: 1, miss: 1 });
    now = 1000;
    expect(cache.peek('parts', 'models')).toBeUndefined();
    now = 0;
    cache.invalidate('parts');
    expect(cache.peek('parts', 'models')).toBeUndefined();
    expect(new SharedReadCache(0).peek('parts', 'models')).toBeUndefined();
  });
});
