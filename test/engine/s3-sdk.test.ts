import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type ListObjectsV2CommandOutput,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { CreateDatasetCommand, CreateProjectCommand, DescribeDatasetCommand } from '@aws-sdk/client-lookoutvision';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { LookupAddress } from 'node:dns';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_BUILD, startChildEngine, type ChildEngine } from '../support/child-engine';
import { makeImage } from '../support/images';
import { startEngine, tempDataDir, waitFor, type RunningEngine } from '../support/engine-harness';

/*
 * The S3 API through the real @aws-sdk/client-s3, path style and
 * virtual-hosted style, against an engine with credentials and one without:
 * every operation the issue names, and the errors S3 clients expect.
 */

const KEY = { accessKeyId: 'AKIAS3SDKTEST', secretAccessKey: 's3-sdk-secret/with+slash' };
const MiB = 1024 * 1024;

/** Resolves `localhost` and every `<bucket>.localhost` to 127.0.0.1 without DNS, as RFC 6761 has it. */
const loopbackAgent = new http.Agent({
  keepAlive: true,
  lookup: (hostname, options, callback) => {
    if (hostname !== 'localhost' && !hostname.endsWith('.localhost')) throw new Error(`unexpected host ${hostname}`);
    const address: LookupAddress = { address: '127.0.0.1', family: 4 };
    const all = (options as { all?: boolean }).all;
    if (all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  },
});

interface Style {
  name: string;
  forcePathStyle: boolean;
}

const STYLES: Style[] = [
  { name: 'path style', forcePathStyle: true },
  { name: 'virtual-hosted style', forcePathStyle: false },
];

/** A client of the engine; virtual-hosted style goes to `http://<bucket>.localhost:<port>`, and `hosts` records where each request went. */
function s3Client(engine: RunningEngine, style: Style, config: Partial<S3ClientConfig> = {}): { client: S3Client; hosts: string[] } {
  const port = new URL(engine.url).port;
  const client = new S3Client({
    endpoint: style.forcePathStyle ? engine.url : `http://localhost:${port}`,
    forcePathStyle: style.forcePathStyle,
    region: 'us-east-1',
    credentials: KEY,
    maxAttempts: 1,
    requestHandler: { httpAgent: loopbackAgent },
    ...config,
  });
  const hosts: string[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      hosts.push((args.request as { hostname: string }).hostname);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordHost' },
  );
  return { client, hosts };
}

/** 0, 1, 2, ... 255, 0, ...: recognisable bytes of any length. */
function pattern(length: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i + seed) & 0xff;
  return bytes;
}

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

async function bodyOf(response: { Body?: unknown }): Promise<Buffer> {
  return Buffer.from(await (response.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  const error = (await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

describe.each([
  ['with credentials', true],
  ['without credentials', false],
])('the S3 API %s', (_label, signed) => {
  let engine: RunningEngine;
  beforeAll(async () => {
    engine = await startEngine(signed ? { credentials: new Map([[KEY.accessKeyId, KEY.secretAccessKey]]) } : {});
  });
  afterAll(() => engine?.close());

  describe.each(STYLES)('$name', (style) => {
    const bucket = `sdk-${signed ? 'signed' : 'open'}-${style.forcePathStyle ? 'path' : 'vhost'}`;

    it('creates, lists, heads and deletes buckets', async () => {
      const { client, hosts } = s3Client(engine, style);
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      expect(await errorOf(client.send(new CreateBucketCommand({ Bucket: bucket })))).toMatchObject({ name: 'BucketAlreadyOwnedByYou', status: 409 });
      expect((await client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toContain(bucket);
      expect((await client.send(new HeadBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(200);
      expect(await errorOf(client.send(new HeadBucketCommand({ Bucket: `${bucket}-none` })))).toMatchObject({ name: 'NotFound', status: 404 });
      await client.send(new CreateBucketCommand({ Bucket: `${bucket}-gone` }));
      await client.send(new DeleteBucketCommand({ Bucket: `${bucket}-gone` }));
      expect(await errorOf(client.send(new ListObjectsV2Command({ Bucket: `${bucket}-gone` })))).toMatchObject({ name: 'NoSuchBucket', status: 404 });
      expect(hosts).toContain(style.forcePathStyle ? '127.0.0.1' : `${bucket}.localhost`);
    });

    it('puts (a buffer, and a stream sent aws-chunked with a CRC32 trailer), gets, heads, copies and deletes objects', async () => {
      const { client } = s3Client(engine, style);
      const small = Buffer.from('hello, object');
      const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/a b+c.txt', Body: small, ContentType: 'text/plain', Metadata: { owner: 'qa' } }));
      expect(put.ETag).toBe(`"${md5(small)}"`);
      const streamed = pattern(300_000, 7);
      const chunks = Array.from({ length: 5 }, (_, i) => streamed.subarray(i * 60_000, (i + 1) * 60_000));
      const putStream = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/streamed.bin', Body: Readable.from(chunks), ContentLength: streamed.length }));
      expect(putStream.ETag).toBe(`"${md5(streamed)}"`);

      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/a b+c.txt' }));
      expect({ type: got.ContentType, metadata: got.Metadata, etag: got.ETag, length: got.ContentLength }).toEqual({
        type: 'text/plain',
        metadata: { owner: 'qa' },
        etag: `"${md5(small)}"`,
        length: small.length,
      });
      expect((await bodyOf(got)).toString()).toBe('hello, object');
      expect((await bodyOf(await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/streamed.bin' })))).equals(streamed)).toBe(true);

      const ranged = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/streamed.bin', Range: 'bytes=1000-1999' }));
      expect(ranged.$metadata.httpStatusCode).toBe(206);
      expect(ranged.ContentRange).toBe(`bytes 1000-1999/${streamed.length}`);
      expect((await bodyOf(ranged)).equals(streamed.subarray(1000, 2000))).toBe(true);
      const tail = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/streamed.bin', Range: 'bytes=-10' }));
      expect((await bodyOf(tail)).equals(streamed.subarray(-10))).toBe(true);
      expect(await errorOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/streamed.bin', Range: 'bytes=400000-' })))).toMatchObject({
        name: 'InvalidRange',
        status: 416,
      });
      const notModified = await errorOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/a b+c.txt', IfNoneMatch: `"${md5(small)}"` })));
      expect(notModified.status).toBe(304);

      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/streamed.bin' }));
      expect({ length: head.ContentLength, type: head.ContentType }).toEqual({ length: streamed.length, type: 'application/octet-stream' });
      expect(await errorOf(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/none' })))).toMatchObject({ name: 'NotFound', status: 404 });
      expect(await errorOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/none' })))).toMatchObject({ name: 'NoSuchKey', status: 404 });
      expect(await errorOf(client.send(new GetObjectCommand({ Bucket: `${bucket}-none`, Key: 'x' })))).toMatchObject({ name: 'NoSuchBucket', status: 404 });

      const copied = await client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/a.txt', CopySource: `${bucket}/${encodeURIComponent('docs/a b+c.txt')}` }));
      expect(copied.CopyObjectResult?.ETag).toBe(`"${md5(small)}"`);
      const copy = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copies/a.txt' }));
      expect({ type: copy.ContentType, metadata: copy.Metadata }).toEqual({ type: 'text/plain', metadata: { owner: 'qa' } });
      await client.send(
        new CopyObjectCommand({ Bucket: bucket, Key: 'copies/b.txt', CopySource: `${bucket}/docs/streamed.bin`, MetadataDirective: 'REPLACE', ContentType: 'application/x-test' }),
      );
      expect((await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copies/b.txt' }))).ContentType).toBe('application/x-test');

      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'copies/b.txt' }));
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'copies/never-was' }));
      const deleted = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'copies/a.txt' }, { Key: 'docs/streamed.bin' }, { Key: 'a/../../escape' }] } }),
      );
      expect(deleted.Deleted?.map((d) => d.Key).sort()).toEqual(['copies/a.txt', 'docs/streamed.bin']);
      expect(deleted.Errors).toMatchObject([{ Key: 'a/../../escape', Code: 'InvalidArgument' }]);
      const quiet = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'docs/a b+c.txt' }], Quiet: true } }));
      expect(quiet.Deleted ?? []).toEqual([]);
      expect((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);
    });

    it('lists with prefix, delimiter, max-keys, continuation tokens and start-after, keys in UTF-8 byte order', async () => {
      const { client } = s3Client(engine, style);
      const listBucket = `${bucket}-list`;
      await client.send(new CreateBucketCommand({ Bucket: listBucket }));
      // In UTF-16 order U+FF5E sorts after U+1F600; in UTF-8 byte order (S3's) it comes first.
      const keys = ['a/1', 'a/2', 'a/b/3', 'a/b/4', 'a/c/5', 'a-z', 'b', 'z/\uff5e', 'z/\u{1f600}', 'z/~'];
      for (const key of keys) await client.send(new PutObjectCommand({ Bucket: listBucket, Key: key, Body: key }));

      const all = await client.send(new ListObjectsV2Command({ Bucket: listBucket }));
      expect(all.Contents?.map((c) => c.Key)).toEqual(['a-z', 'a/1', 'a/2', 'a/b/3', 'a/b/4', 'a/c/5', 'b', 'z/~', 'z/\uff5e', 'z/\u{1f600}']);
      expect(all.KeyCount).toBe(10);
      expect(all.IsTruncated).toBe(false);
      expect(all.Contents?.[0]).toMatchObject({ Size: 3, ETag: `"${md5('a-z')}"` });

      const top = await client.send(new ListObjectsV2Command({ Bucket: listBucket, Delimiter: '/' }));
      expect({ keys: top.Contents?.map((c) => c.Key), prefixes: top.CommonPrefixes?.map((p) => p.Prefix) }).toEqual({ keys: ['a-z', 'b'], prefixes: ['a/', 'z/'] });
      const underA = await client.send(new ListObjectsV2Command({ Bucket: listBucket, Prefix: 'a/', Delimiter: '/' }));
      expect({ keys: underA.Contents?.map((c) => c.Key), prefixes: underA.CommonPrefixes?.map((p) => p.Prefix) }).toEqual({ keys: ['a/1', 'a/2'], prefixes: ['a/b/', 'a/c/'] });

      // Pages of one, objects and common prefixes counting alike; the token after a common prefix skips all its keys.
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const page: ListObjectsV2CommandOutput = await client.send(new ListObjectsV2Command({ Bucket: listBucket, Delimiter: '/', MaxKeys: 1, ContinuationToken: token }));
        pages.push([...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!)]);
        expect(page.KeyCount).toBe(pages[pages.length - 1].length);
        token = page.NextContinuationToken;
        expect(page.IsTruncated).toBe(token !== undefined);
      } while (token);
      expect(pages).toEqual([['a-z'], ['a/'], ['b'], ['z/']]);

      const paged: string[] = [];
      token = undefined;
      do {
        const page: ListObjectsV2CommandOutput = await client.send(new ListObjectsV2Command({ Bucket: listBucket, MaxKeys: 3, ContinuationToken: token }));
        paged.push(...(page.Contents ?? []).map((c) => c.Key!));
        token = page.NextContinuationToken;
      } while (token);
      expect(paged).toEqual(all.Contents?.map((c) => c.Key));

      const after = await client.send(new ListObjectsV2Command({ Bucket: listBucket, StartAfter: 'a/b/4' }));
      expect(after.Contents?.map((c) => c.Key)).toEqual(['a/c/5', 'b', 'z/~', 'z/\uff5e', 'z/\u{1f600}']);
      expect(await errorOf(client.send(new ListObjectsV2Command({ Bucket: listBucket, ContinuationToken: 'YS8x.forged' })))).toMatchObject({ name: 'InvalidArgument', status: 400 });
      expect(await errorOf(client.send(new DeleteBucketCommand({ Bucket: listBucket })))).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    });

    it('uploads in three parts, lists them, completes with S3 multipart ETag, and aborts another upload', async () => {
      const { client } = s3Client(engine, style);
      const parts = [pattern(5 * MiB, 1), pattern(5 * MiB, 2), pattern(MiB, 3)];
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big/parts.bin', ContentType: 'application/x-parts' }));
      const etags: string[] = [];
      for (const [i, part] of parts.entries()) {
        const uploaded = await client.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/parts.bin', UploadId, PartNumber: i + 1, Body: part }));
        expect(uploaded.ETag).toBe(`"${md5(part)}"`);
        etags.push(uploaded.ETag!);
      }
      const listed = await client.send(new ListPartsCommand({ Bucket: bucket, Key: 'big/parts.bin', UploadId }));
      expect(listed.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
        [1, 5 * MiB],
        [2, 5 * MiB],
        [3, MiB],
      ]);
      const wrongOrder = client.send(
        new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'big/parts.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: etags[1] }, { PartNumber: 1, ETag: etags[0] }] } }),
      );
      expect(await errorOf(wrongOrder)).toMatchObject({ name: 'InvalidPartOrder', status: 400 });
      const wrongEtag = client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'big/parts.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0"' }] } }));
      expect(await errorOf(wrongEtag)).toMatchObject({ name: 'InvalidPart', status: 400 });

      const completed = await client.send(
        new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'big/parts.bin', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) } }),
      );
      const expectedEtag = `"${createHash('md5')
        .update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))
        .digest('hex')}-3"`;
      expect(completed.ETag).toBe(expectedEtag);
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/parts.bin' }));
      expect({ etag: got.ETag, type: got.ContentType, length: got.ContentLength }).toEqual({ etag: expectedEtag, type: 'application/x-parts', length: 11 * MiB });
      expect((await bodyOf(got)).equals(Buffer.concat(parts))).toBe(true);
      expect(await errorOf(client.send(new ListPartsCommand({ Bucket: bucket, Key: 'big/parts.bin', UploadId })))).toMatchObject({ name: 'NoSuchUpload', status: 404 });

      const other = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big/abandoned.bin' }));
      await client.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/abandoned.bin', UploadId: other.UploadId, PartNumber: 1, Body: 'x' }));
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'big/abandoned.bin', UploadId: other.UploadId }));
      expect(await errorOf(client.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/abandoned.bin', UploadId: other.UploadId, PartNumber: 2, Body: 'y' })))).toMatchObject({
        name: 'NoSuchUpload',
      });
      expect((await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'big/' }))).Contents?.map((c) => c.Key)).toEqual(['big/parts.bin']);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'big/parts.bin' }));
    });
  });

  it('stores what a dataset import reads: images and a manifest put over S3 become a CREATE_COMPLETE dataset', async () => {
    const { client } = s3Client(engine, STYLES[0]);
    await client.send(new CreateBucketCommand({ Bucket: 'import-source' }));
    const lines: string[] = [];
    for (let i = 0; i < 4; i++) {
      const key = `images/img-${i}.png`;
      await client.send(new PutObjectCommand({ Bucket: 'import-source', Key: key, Body: await makeImage('png', 64, 64, i), ContentType: 'image/png' }));
      lines.push(JSON.stringify({ 'source-ref': `s3://import-source/${key}`, 'anomaly-label': 0, 'anomaly-label-metadata': { 'class-name': 'normal', type: 'groundtruth/image-classification' } }));
    }
    await client.send(new PutObjectCommand({ Bucket: 'import-source', Key: 'train.manifest', Body: lines.join('\n') + '\n' }));
    await engine.client.send(new CreateProjectCommand({ ProjectName: 'from-s3' }));
    await engine.client.send(
      new CreateDatasetCommand({ ProjectName: 'from-s3', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'import-source', Key: 'train.manifest' } } } }),
    );
    const described = await waitFor(
      () => engine.client.send(new DescribeDatasetCommand({ ProjectName: 'from-s3', DatasetType: 'train' })),
      (d) => d.DatasetDescription?.Status !== 'CREATE_IN_PROGRESS',
    );
    expect(described.DatasetDescription).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 4, Normal: 4 } });
  });

  it.runIf(signed)('refuses a wrong secret (SignatureDoesNotMatch) and an unknown key (InvalidAccessKeyId), and acts on nothing', async () => {
    const wrong = s3Client(engine, STYLES[0], { credentials: { ...KEY, secretAccessKey: 'guessed' } }).client;
    expect(await errorOf(wrong.send(new CreateBucketCommand({ Bucket: 'intruder' })))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(await errorOf(wrong.send(new PutObjectCommand({ Bucket: 'import-source', Key: 'intruder', Body: 'x' })))).toMatchObject({ name: 'SignatureDoesNotMatch' });
    const unknown = s3Client(engine, STYLES[0], { credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: KEY.secretAccessKey } }).client;
    expect(await errorOf(unknown.send(new ListBucketsCommand({})))).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    const { client } = s3Client(engine, STYLES[0]);
    expect((await client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).not.toContain('intruder');
    expect(await errorOf(client.send(new HeadObjectCommand({ Bucket: 'import-source', Key: 'intruder' })))).toMatchObject({ status: 404 });
  });
});

/** Resident and peak resident memory of a process, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

describe.skipIf(!HAVE_BUILD)(`a large object through an engine process (${HAVE_BUILD ? 'built' : 'skipped: needs `npm run build`'})`, () => {
  let child: ChildEngine;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDataDir();
    const file = join(dataDir, 'credentials');
    writeFileSync(file, `${KEY.accessKeyId}:${KEY.secretAccessKey}\n`);
    child = await startChildEngine(dataDir, ['--credentials', file]);
  });
  afterAll(async () => {
    child?.process.kill('SIGTERM');
    await child?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams 128 MB in and out without the engine holding it in memory', async () => {
    const client = new S3Client({ endpoint: child.url, forcePathStyle: true, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
    await client.send(new CreateBucketCommand({ Bucket: 'large' }));
    // A small round trip first, so that what the first request loads is not counted.
    await client.send(new PutObjectCommand({ Bucket: 'large', Key: 'warm-up', Body: Readable.from([pattern(1024)]), ContentLength: 1024 }));
    await bodyOf(await client.send(new GetObjectCommand({ Bucket: 'large', Key: 'warm-up' })));
    const size = 128 * MiB;
    const block = pattern(64 * 1024, 5);
    const blocks = () =>
      Readable.from(
        (function* () {
          for (let sent = 0; sent < size; sent += block.length) yield block;
        })(),
      );
    const expected = createHash('md5');
    for (let sent = 0; sent < size; sent += block.length) expected.update(block);
    const expectedMd5 = expected.digest('hex');

    const before = memoryOf(child.process.pid!);
    const put = await client.send(new PutObjectCommand({ Bucket: 'large', Key: 'blob.bin', Body: blocks(), ContentLength: size }));
    expect(put.ETag).toBe(`"${expectedMd5}"`);
    const got = await client.send(new GetObjectCommand({ Bucket: 'large', Key: 'blob.bin' }));
    const received = createHash('md5');
    let length = 0;
    for await (const chunk of got.Body as Readable) {
      received.update(chunk as Buffer);
      length += (chunk as Buffer).length;
    }
    expect({ length, md5: received.digest('hex') }).toEqual({ length: size, md5: expectedMd5 });
    const after = memoryOf(child.process.pid!);
    // The peak of the whole transfer against the resident size before it. A streaming engine grows by its
    // buffers and the garbage V8 has not yet collected (about 40 MB here), not by the object.
    expect(after.peak - before.rss, `peak ${after.peak} before ${before.rss}`).toBeLessThan(size / 2);
  });
});
