import { CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine, tempDataDir, type RunningEngine } from '../support/engine-harness';

/*
 * The S3 API on a real full disk: the data directory is a small tmpfs.
 * Mounting needs root; elsewhere this is skipped, saying so.
 */

const dir = tempDataDir('lookout-s3-full-');
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir]).status === 0;
let e: RunningEngine | undefined;
afterAll(async () => {
  await e?.close({ removeData: false });
  if (mounted) spawnSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** `size` bytes as a stream, so that the SDK sends it aws-chunked without holding it. */
const zeros = (size: number) =>
  Readable.from(
    (function* () {
      for (let sent = 0; sent < size; sent += 64 * 1024) yield Buffer.alloc(Math.min(64 * 1024, size - sent));
    })(),
  );

describe.skipIf(!mounted)('S3 writes on a full disk (needs root for mount -t tmpfs)', () => {
  it('answers 507 InsufficientStorage, keeps nothing of the upload, serves reads, and writes again once space is freed', async () => {
    e = await startEngine({ dataDir: dir });
    const s3 = new S3Client({ endpoint: e.url, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'full' }));
    await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'kept.txt', Body: 'kept' }));
    await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'filler.bin', Body: zeros(14 * 1024 * 1024), ContentLength: 14 * 1024 * 1024 }));

    const refused = await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'too-big.bin', Body: zeros(16 * 1024 * 1024), ContentLength: 16 * 1024 * 1024 })).catch((err) => err);
    expect(refused).toMatchObject({ name: 'InsufficientStorage', $metadata: { httpStatusCode: 507 } });
    expect(readdirSync(join(dir, 's3', 'full')).sort()).toEqual(['filler.bin', 'kept.txt']);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'full', Key: 'parts.bin' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'full', Key: 'parts.bin', UploadId, PartNumber: 1, Body: zeros(16 * 1024 * 1024), ContentLength: 16 * 1024 * 1024 })).catch((err) => err);
    expect(part).toMatchObject({ name: 'InsufficientStorage' });
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'full', Key: 'kept.txt' }))).Body!.transformToString()).toBe('kept');

    rmSync(join(dir, 's3', 'full', 'filler.bin'));
    await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'after.bin', Body: zeros(8 * 1024 * 1024), ContentLength: 8 * 1024 * 1024 }));
    expect(e.logged).toEqual([]);
  });
});
