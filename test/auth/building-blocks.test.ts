import { describe, expect, it } from 'vitest';
import { hostName } from '../../src/server/host-check';
import { TrustedDocuments, hashOf } from '../../src/server/trusted-documents';
import { AdmissionGate, AdmissionRefused } from '../../src/util/admission-gate';
import { ConfigError } from '../../src/util/config-values';
import { isLoopbackHost } from '../../src/util/loopback';

describe('Host header names', () => {
  it.each([
    ['localhost:4000', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]:4000', '::1'],
    ['Gateway.Example.COM.', 'gateway.example.com'],
  ])('reads %s as %s', (header, name) => expect(hostName(header)).toBe(name));

  it.each([undefined, '', 'a b', 'host:port', '[::1', 'user@host'])('finds no name in %j', (header) => expect(hostName(header)).toBeNull());
});

describe('loopback listen addresses', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', 'localhost'])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));
  it.each(['0.0.0.0', '::', '10.0.0.1', 'gateway.example.com', '128.0.0.1'])('%s is not', (host) => expect(isLoopbackHost(host)).toBe(false));
});

describe('admission gate', () => {
  const held = () => {
    let release!: () => void;
    return { done: new Promise<void>((r) => (release = r)), release: () => release() };
  };

  it('admits up to its concurrency, queues a few, refuses the rest at once', async () => {
    const gate = new AdmissionGate({ concurrency: 1, queueLength: 1, queueTimeoutMs: 5_000 });
    const first = held();
    const running = gate.run(() => first.done);
    const queued = gate.run(async () => 'second');
    await expect(gate.run(async () => 'third')).rejects.toEqual(new AdmissionRefused('queue-full'));
    expect(gate.load).toEqual({ active: 1, waiting: 1 });
    first.release();
    await running;
    expect(await queued).toBe('second');
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it('refuses a waiter whose turn does not come in time, and frees its place', async () => {
    const gate = new AdmissionGate({ concurrency: 1, queueLength: 1, queueTimeoutMs: 20 });
    const first = held();
    const running = gate.run(() => first.done);
    await expect(gate.run(async () => 'late')).rejects.toMatchObject({ reason: 'timeout' });
    expect(gate.load.waiting).toBe(0);
    first.release();
    await running;
  });

  it('frees the turn when the work fails', async () => {
    const gate = new AdmissionGate({ concurrency: 1, queueLength: 0, queueTimeoutMs: 0 });
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});

describe('trusted documents', () => {
  const query = 'query Projects { projects { name } }';
  const documents = TrustedDocuments.from({ [hashOf(query)]: query });

  it('knows its documents by hash and by text', () => {
    expect(documents.document(hashOf(query))).toBe(query);
    expect(documents.trusts(query)).toBe(true);
    expect(documents.trusts(`${query} `)).toBe(false);
  });

  it('refuses a manifest whose keys are not the hashes of their documents', () => {
    expect(() => TrustedDocuments.from({ abc: query })).toThrow(ConfigError);
    expect(() => TrustedDocuments.from([query])).toThrow(ConfigError);
  });

  it('serves Apollo persisted queries from the manifest; registers others only in "any" mode', async () => {
    const only = documents.apolloCache('only');
    expect(await only.get(`apq:${hashOf(query)}`)).toBe(query);
    await only.set('apq:other', '{ other }');
    expect(await only.get('apq:other')).toBeUndefined();
    const any = documents.apolloCache('any');
    await any.set('apq:other', '{ other }');
    expect(await any.get('apq:other')).toBe('{ other }');
  });
});
