import { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ClientLike } from '../src/server/s3-client';
import { S3Api } from '../src/services/s3-api';
import { startEngine, type RunningEngine } from './support/engine-harness';

// The gateway's S3 client: where it reaches, and what it signs and sends.
describe('the S3 client made like the Lookout client', () => {
  it('reaches a custom endpoint with its credentials, buckets by path', async () => {
    const credentials = { accessKeyId: 'EMBEDDED0123', secretAccessKey: 'secret' };
    const s3 = s3ClientLike(new LookoutVisionClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4100', credentials }));
    expect(s3.config.forcePathStyle).toBe(true);
    expect(await s3.config.endpoint?.()).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 4100 });
    expect(await s3.config.region()).toBe('eu-west-1');
    expect(await s3.config.credentials()).toMatchObject(credentials);
  });

  it('reaches AWS\'s own S3 in the region, with virtual-host buckets, when the Lookout client reaches AWS', async () => {
    const s3 = s3ClientLike(new LookoutVisionClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
    expect(s3.config.forcePathStyle).toBe(false);
    expect(s3.config.isCustomEndpoint).toBe(false);
    expect(await s3.config.region()).toBe('eu-west-1');
  });
});

describe('uploads through the S3 client, to the real engine', () => {
  let engine: RunningEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine?.close({ removeData: true }));

  /** The S3 calls' headers as signed and sent, and as they were before signing. */
  function recordingS3() {
    const client = s3ClientLike(engine.client);
    const sent: Record<string, string>[] = [];
    const unsigned: Record<string, string>[] = [];
    const headersOf = (args: { request: unknown }) => ({ ...(args.request as { headers: Record<string, string> }).headers });
    client.middlewareStack.add(
      (next) => (args) => {
        sent.push(headersOf(args));
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'recordHeaders' },
    );
    // SigV4 signs at finalizeRequest: a header there before it is signed as it is.
    client.middlewareStack.add(
      (next) => (args) => {
        unsigned.push(headersOf(args));
        return next(args);
      },
      { step: 'build', priority: 'low', name: 'recordUnsignedHeaders' },
    );
    return { api: new S3Api(client, { readMs: 10_000, changeMs: 10_000 }), sent, unsigned };
  }

  it('signs the SHA-256 the caller worked out instead of hashing the body again, and sends no CRC32 of it', async () => {
    const { api, sent, unsigned } = recordingS3();
    await api.ensureBucket('uploads');
    const body = randomBytes(256 * 1024);
    const sha256 = createHash('sha256').update(body).digest('hex');
    await api.write({ bucket: 'uploads', key: 'a.bin', what: 'a test object' }, body, 'application/octet-stream', sha256);
    // Set before signing: without it, the signer would hash the body and add the same header itself.
    expect(unsigned.at(-1)!['x-amz-content-sha256']).toBe(sha256);
    const put = sent.at(-1)!;
    expect(put['x-amz-content-sha256']).toBe(sha256);
    expect(Object.keys(put).filter((h) => h.startsWith('x-amz-checksum-'))).toEqual([]);
    expect((await api.read({ bucket: 'uploads', key: 'a.bin', what: 'a test object' }, body.length)).equals(body)).toBe(true);
  });

  it('is refused by the engine when that hash is not the body\'s, leaving the stored object as it was', async () => {
    const { api } = recordingS3();
    await api.ensureBucket('uploads');
    const body = Buffer.from('the right bytes');
    await api.write({ bucket: 'uploads', key: 'b.txt', what: 'b' }, body, 'text/plain');
    const wrong = createHash('sha256').update('other bytes').digest('hex');
    await expect(api.write({ bucket: 'uploads', key: 'b.txt', what: 'b' }, Buffer.from('new bytes'), 'text/plain', wrong)).rejects.toMatchObject({ extensions: { code: expect.any(String) } });
    expect((await api.read({ bucket: 'uploads', key: 'b.txt', what: 'b' }, 100)).toString()).toBe('the right bytes');
  });
});

describe("reading an object's head", () => {
  let engine: RunningEngine;
  /** The connections the engine has been sent requests on. */
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    engine = await startEngine({}, (request) => sockets.add(request.socket));
  });
  afterAll(() => engine?.close({ removeData: true }));

  const api = () => new S3Api(s3ClientLike(engine.client), { readMs: 10_000, changeMs: 10_000 });
  const object = (key: string) => ({ bucket: 'heads', key, what: `the object ${key}` });

  it('answers the first bytes of a large object with a ranged read, and keeps the connection for the next call', async () => {
    const s3 = api();
    await s3.ensureBucket('heads');
    const body = randomBytes(1024 * 1024);
    await s3.write(object('large.bin'), body, 'application/octet-stream');
    sockets.clear();
    const head = await s3.readHead(object('large.bin'), 256 * 1024);
    expect(head.equals(body.subarray(0, 256 * 1024))).toBe(true);
    await s3.readHead(object('large.bin'), 1000);
    await s3.write(object('other.bin'), Buffer.from('x'), 'application/octet-stream');
    expect(sockets.size).toBe(1);
  });

  it('answers a small object whole, an empty one with no bytes, and a missing one as NOT_FOUND', async () => {
    const s3 = api();
    await s3.ensureBucket('heads');
    await s3.write(object('small.bin'), Buffer.from('a small object'), 'application/octet-stream');
    await s3.write(object('empty.bin'), Buffer.alloc(0), 'application/octet-stream');
    expect((await s3.readHead(object('small.bin'), 256 * 1024)).toString()).toBe('a small object');
    expect((await s3.readHead(object('empty.bin'), 256 * 1024)).length).toBe(0);
    await expect(s3.readHead(object('missing.bin'), 256 * 1024)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('reads only the asked-for bytes from a store that ignores the range and sends the whole object', async () => {
    const body = randomBytes(1024 * 1024);
    const store = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      response.end(body);
    });
    store.listen(0, '127.0.0.1');
    await once(store, 'listening');
    try {
      const { port } = store.address() as AddressInfo;
      const client = s3ClientLike(new LookoutVisionClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
      const head = await new S3Api(client, { readMs: 10_000, changeMs: 10_000 }).readHead(object('large.bin'), 4096);
      expect(head.equals(body.subarray(0, 4096))).toBe(true);
    } finally {
      store.closeAllConnections();
      store.close();
    }
  });
});
