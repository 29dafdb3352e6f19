import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toS3Error } from '../../src/engine/s3/to-s3-error';
import { rawRequest, type RawAnswer } from '../support/raw-http';
import { startEngine, tempDataDir, type RunningEngine } from '../support/engine-harness';

/*
 * The object store behind the S3 API as files: keys that would leave the
 * bucket, links out of the store, files placed by hand, folder markers, the
 * limits, and the clean-up of abandoned multipart uploads.
 */

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');
const codeOf = (answer: RawAnswer) => /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1] ?? null;

function clientOf(engine: RunningEngine): S3Client {
  return new S3Client({ endpoint: engine.url, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'any', secretAccessKey: 'any' }, maxAttempts: 1 });
}

describe('the object store as files', () => {
  let engine: RunningEngine;
  let s3: S3Client;
  let outside: string;
  const bucketDir = () => join(engine.dataDir, 's3', 'files');
  const call = (method: string, target: string, body?: string) => rawRequest(engine.url, { method, target, body });

  beforeAll(async () => {
    engine = await startEngine();
    s3 = clientOf(engine);
    outside = mkdtempSync(join(tmpdir(), 'lookout-s3-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'not yours');
    await s3.send(new CreateBucketCommand({ Bucket: 'files' }));
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it.each([
    ['a .. segment', '/files/a/../../escape.txt'],
    ['a percent-encoded .. segment', '/files/a/%2e%2e/%2e%2e/escape.txt'],
    ['a . segment', '/files/a/./b.txt'],
    ['an empty segment', '/files/a//b.txt'],
    ['a NUL', '/files/a%00b.txt'],
    ["a temporary file's name", '/files/.tmp-1-0123456789ab'],
  ])('refuses a key with %s, writing nothing anywhere', async (_what, target) => {
    const answer = await call('PUT', target, 'x');
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 400, code: 'InvalidArgument' });
    expect(existsSync(join(engine.dataDir, 's3', 'escape.txt'))).toBe(false);
    expect(existsSync(join(engine.dataDir, 'escape.txt'))).toBe(false);
  });

  it('refuses to read or write through a symbolic link that leads out of the store, and follows one inside it', async () => {
    symlinkSync(outside, join(bucketDir(), 'linked-out'));
    symlinkSync(join(outside, 'secret.txt'), join(bucketDir(), 'secret-link.txt'));
    const write = await call('PUT', '/files/linked-out/planted.txt', 'planted');
    expect({ status: write.status, code: codeOf(write) }).toEqual({ status: 403, code: 'AccessDenied' });
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    const nested = await call('PUT', '/files/linked-out/new/planted.txt', 'planted');
    expect(nested.status).toBe(403);
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    for (const target of ['/files/secret-link.txt', '/files/linked-out/secret.txt']) {
      const read = await call('GET', target);
      expect({ status: read.status, code: codeOf(read) }).toEqual({ status: 403, code: 'AccessDenied' });
      expect(read.body).not.toContain('not yours');
    }
    const deleted = await call('DELETE', '/files/linked-out/secret.txt');
    expect(deleted.status).toBe(403);
    expect(existsSync(join(outside, 'secret.txt'))).toBe(true);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'files' }));
    expect(listed.Contents?.map((c) => c.Key) ?? []).not.toContain('secret-link.txt');

    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'real/inside.txt', Body: 'inside' }));
    symlinkSync(join(bucketDir(), 'real', 'inside.txt'), join(bucketDir(), 'alias.txt'));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'alias.txt' }))).Body!.transformToString()).toBe('inside');
    rmSync(join(bucketDir(), 'linked-out'));
    rmSync(join(bucketDir(), 'secret-link.txt'));
    rmSync(join(bucketDir(), 'alias.txt'));
  });

  it('serves files placed by hand as objects, their ETag the MD5 computed on first use, and drops stale metadata when a file changes', async () => {
    mkdirSync(join(bucketDir(), 'by-hand'), { recursive: true });
    writeFileSync(join(bucketDir(), 'by-hand', 'note.txt'), 'written by hand');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'files', Prefix: 'by-hand/' }));
    expect(listed.Contents).toMatchObject([{ Key: 'by-hand/note.txt', Size: 15, ETag: `"${md5('written by hand')}"` }]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'files', Key: 'by-hand/note.txt' }));
    expect({ etag: head.ETag, type: head.ContentType }).toEqual({ etag: `"${md5('written by hand')}"`, type: 'binary/octet-stream' });

    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'by-hand/typed.txt', Body: 'typed', ContentType: 'text/plain', Metadata: { a: 'b' } }));
    writeFileSync(join(bucketDir(), 'by-hand', 'typed.txt'), 'replaced by hand');
    utimesSync(join(bucketDir(), 'by-hand', 'typed.txt'), new Date(), new Date(Date.now() + 5_000));
    const changed = await s3.send(new HeadObjectCommand({ Bucket: 'files', Key: 'by-hand/typed.txt' }));
    expect({ etag: changed.ETag, type: changed.ContentType, metadata: changed.Metadata }).toEqual({
      etag: `"${md5('replaced by hand')}"`,
      type: 'binary/octet-stream',
      metadata: {},
    });
  });

  it('hides temporary files, FIFOs and sidecar state from listings, and keeps plain files where a Lookout import finds them', async () => {
    writeFileSync(join(bucketDir(), '.tmp-99-0123456789ab'), 'half written');
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'layout/deep/key.bin', Body: 'plain' }));
    expect(existsSync(join(bucketDir(), 'layout', 'deep', 'key.bin'))).toBe(true);
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: 'files' }))).Contents?.map((c) => c.Key) ?? [];
    expect(keys.some((k) => k?.includes('.tmp-'))).toBe(false);
    expect(readdirSync(join(engine.dataDir, 's3'))).toEqual(['files']);
  });

  it('keeps folder markers as folders, and refuses a key below an object or an object over a folder', async () => {
    expect((await call('PUT', '/files/markers/empty/')).status).toBe(200);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'files', Prefix: 'markers/' }));
    expect(listed.Contents).toMatchObject([{ Key: 'markers/empty/', Size: 0, ETag: `"${md5('')}"` }]);
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'markers/empty/now-full.txt', Body: 'x' }));
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'files', Prefix: 'markers/' }))).Contents?.map((c) => c.Key)).toEqual(['markers/empty/now-full.txt']);
    // Deleting the last object under a prefix leaves no empty folder behind (S3 has none).
    expect((await call('DELETE', '/files/markers/empty/now-full.txt')).status).toBe(204);
    expect(existsSync(join(bucketDir(), 'markers'))).toBe(false);

    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'conflict', Body: 'object' }));
    const below = await call('PUT', '/files/conflict/child', 'x');
    expect({ status: below.status, code: codeOf(below) }).toEqual({ status: 400, code: 'InvalidArgument' });
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'folder/child', Body: 'x' }));
    const over = await call('PUT', '/files/folder', 'x');
    expect({ status: over.status, code: codeOf(over) }).toEqual({ status: 400, code: 'InvalidArgument' });
  });

  it('answers ListObjects v1, encoding-type=url, GetBucketLocation, and NotImplemented for what it lacks', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'enc/a b&c.txt', Body: 'x' }));
    const encoded = await call('GET', '/files?list-type=2&prefix=enc%2F&encoding-type=url');
    expect(encoded.body).toContain('<Key>enc/a%20b%26c.txt</Key>');
    expect(encoded.body).toContain('<EncodingType>url</EncodingType>');
    const v1 = await call('GET', '/files?prefix=enc%2F&delimiter=%2F');
    expect(v1.body).toContain('<Key>enc/a b&amp;c.txt</Key>');
    expect(v1.body).toContain('<Marker></Marker>');
    const location = await call('GET', '/files?location');
    expect(location.body).toContain('<LocationConstraint');
    const acl = await call('GET', '/files?acl');
    expect({ status: acl.status, code: codeOf(acl) }).toEqual({ status: 501, code: 'NotImplemented' });
    const badName = await call('PUT', '/Not_A_Bucket');
    expect({ status: badName.status, code: codeOf(badName) }).toEqual({ status: 400, code: 'InvalidBucketName' });
  });

  it('answers a full disk with 507 InsufficientStorage, which S3 clients do not resend', () => {
    const full = toS3Error(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    expect({ code: full?.code, status: full?.status }).toEqual({ code: 'InsufficientStorage', status: 507 });
    expect(toS3Error(Object.assign(new Error('disk I/O'), { code: 'SQLITE_FULL' }))?.status).toBe(507);
    expect(toS3Error(new Error('a bug'))).toBeNull();
  });
});

describe('S3 limits', () => {
  let engine: RunningEngine;
  let s3: S3Client;
  beforeAll(async () => {
    engine = await startEngine({ limits: { maxObjectBytes: 1024, maxPartBytes: 2048, maxUploadParts: 3, maxOpenUploads: 2 } });
    s3 = clientOf(engine);
    await s3.send(new CreateBucketCommand({ Bucket: 'limited' }));
  });
  afterAll(() => engine?.close());

  it('refuses an object over maxObjectBytes (EntityTooLarge), from its declared length or as it streams', async () => {
    const declared = await rawRequest(engine.url, { method: 'PUT', target: '/limited/big.bin', body: Buffer.alloc(4096) });
    expect({ status: declared.status, code: codeOf(declared) }).toEqual({ status: 400, code: 'EntityTooLarge' });
    const chunked = await fetch(`${engine.url}/limited/streamed.bin`, {
      method: 'PUT',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(512));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(400);
    expect(await chunked.text()).toContain('<Code>EntityTooLarge</Code>');
    expect(existsSync(join(engine.dataDir, 's3', 'limited', 'streamed.bin'))).toBe(false);
    expect(readdirSync(join(engine.dataDir, 's3', 'limited'))).toEqual([]);
  });

  it('refuses a part over maxPartBytes, a part number past maxUploadParts, and uploads past maxOpenUploads (SlowDown)', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'limited', Key: 'parts.bin' }));
    await expect(s3.send(new UploadPartCommand({ Bucket: 'limited', Key: 'parts.bin', UploadId, PartNumber: 1, Body: Buffer.alloc(4096) }))).rejects.toMatchObject({
      name: 'EntityTooLarge',
    });
    await expect(s3.send(new UploadPartCommand({ Bucket: 'limited', Key: 'parts.bin', UploadId, PartNumber: 4, Body: 'x' }))).rejects.toMatchObject({ name: 'InvalidArgument' });
    await s3.send(new CreateMultipartUploadCommand({ Bucket: 'limited', Key: 'second.bin' }));
    await expect(s3.send(new CreateMultipartUploadCommand({ Bucket: 'limited', Key: 'third.bin' }))).rejects.toMatchObject({
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
    });
  });
});

describe('abandoned multipart uploads', () => {
  it('are removed at start-up when older than a day, with their parts; newer ones stay', async () => {
    const dataDir = tempDataDir();
    const first = await startEngine({ dataDir });
    const s3 = clientOf(first);
    await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
    const old = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'uploads', Key: 'old.bin' }));
    await s3.send(new UploadPartCommand({ Bucket: 'uploads', Key: 'old.bin', UploadId: old.UploadId, PartNumber: 1, Body: 'part' }));
    const recent = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'uploads', Key: 'recent.bin' }));
    first.engine.context.db.prepare('UPDATE s3_uploads SET created_at = created_at - 2 * 86400 WHERE upload_id = ?').run(old.UploadId);
    mkdirSync(join(dataDir, 's3-uploads', 'orphan-folder-of-a-crash'));
    await first.close({ removeData: false });

    const second = await startEngine({ dataDir });
    try {
      const s3again = clientOf(second);
      await expect.poll(() => readdirSync(join(dataDir, 's3-uploads')).sort()).toEqual([recent.UploadId]);
      await expect(s3again.send(new UploadPartCommand({ Bucket: 'uploads', Key: 'old.bin', UploadId: old.UploadId, PartNumber: 2, Body: 'x' }))).rejects.toMatchObject({
        name: 'NoSuchUpload',
      });
      await s3again.send(new UploadPartCommand({ Bucket: 'uploads', Key: 'recent.bin', UploadId: recent.UploadId, PartNumber: 1, Body: 'x' }));
    } finally {
      await second.close();
    }
  });
});
