import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  UpdateDatasetEntriesCommand,
  type DatasetDescription,
} from '@aws-sdk/client-lookoutvision';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EngineLimits } from '../../src/engine/engine-context';
import { startEngine, tempDataDir, waitFor, type RunningEngine } from '../support/engine-harness';
import { makeImage } from '../support/images';
import { generateLabelledSet, putObject } from '../support/local-s3';

/*
 * Each way a manifest could make the engine do unbounded work, through the
 * real SDK: refused with a StatusMessage naming the line and the limit (or a
 * ValidationException where the request shows it), and quickly.
 */

let e: RunningEngine;
const outside = tempDataDir('lookout-outside-store-');
afterEach(() => e?.close());
afterAll(() => rmSync(outside, { recursive: true, force: true }));

async function engineWithProject(limits: Partial<EngineLimits> = {}): Promise<void> {
  e = await startEngine({ limits });
  await e.client.send(new CreateProjectCommand({ ProjectName: 'p' }));
}

const describeDataset = (type: 'train' | 'test' = 'train') =>
  e.client.send(new DescribeDatasetCommand({ ProjectName: 'p', DatasetType: type })).then((o) => o.DatasetDescription as DatasetDescription);
const settled = (type: 'train' | 'test' = 'train') => waitFor(() => describeDataset(type), (d) => !d.Status?.endsWith('IN_PROGRESS'));

async function importManifest(key: string, type: 'train' | 'test' = 'train'): Promise<DatasetDescription> {
  await e.client.send(
    new CreateDatasetCommand({ ProjectName: 'p', DatasetType: type, DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: key } } } }),
  );
  return settled(type);
}

const line = (ref: string) => JSON.stringify({ 'source-ref': ref, 'anomaly-label': 0 });
const manifestOf = (lines: string[]) => lines.join('\n') + '\n';
const objectPath = (key: string) => join(e.dataDir, 's3', 'bucket', key);

describe('limits on the manifest', () => {
  it("uses Lookout's limits by default", async () => {
    await engineWithProject();
    expect(e.engine.context.limits).toMatchObject({
      maxManifestBytes: 128 * 1024 * 1024,
      maxTrainImages: 16_000,
      maxTestImages: 4_000,
      maxImageBytes: 8 * 1024 * 1024,
      objectReadTimeoutMs: 10_000,
    });
  });

  it('refuses a manifest over maxManifestBytes before reading it', async () => {
    await engineWithProject({ maxManifestBytes: 4096 });
    putObject(e.dataDir, 'bucket', 'big.manifest', manifestOf(Array.from({ length: 100 }, (_, i) => line(`s3://bucket/img-${i}.png`))));
    const d = await importManifest('big.manifest');
    expect(d).toMatchObject({ Status: 'CREATE_FAILED', ImageStats: { Total: 0 } });
    expect(d.StatusMessage).toMatch(/^The manifest cannot be read: s3:\/\/bucket\/big\.manifest is \d+ bytes, over the limit of 4096 bytes \(maxManifestBytes\)\.$/);
  });

  it.each([
    ['train', 16_000],
    ['test', 4_000],
  ] as const)("refuses a %s manifest past Lookout's %i images at the first line too many, before reading any image", async (type, max) => {
    await engineWithProject();
    putObject(e.dataDir, 'bucket', 'long.manifest', manifestOf(Array.from({ length: max + 1 }, (_, i) => line(`s3://bucket/missing-${i}.png`))));
    const d = await importManifest('long.manifest', type);
    expect(d).toMatchObject({ Status: 'CREATE_FAILED', ImageStats: { Total: 0 } });
    expect(d.StatusMessage).toBe(`Manifest line ${max + 1}: a ${type} dataset holds at most ${max} images (max${type === 'train' ? 'Train' : 'Test'}Images, Lookout's limit).`);
  });

  it('refuses a line past 8192 characters without buffering the rest of it', async () => {
    await engineWithProject();
    putObject(e.dataDir, 'bucket', 'wide.manifest', `${line('s3://bucket/a.png')}\n{"source-ref": "${'x'.repeat(1_000_000)}"}\n`);
    const d = await importManifest('wide.manifest');
    expect(d.StatusMessage).toBe('Manifest line 2: the entry is longer than 8192 characters.');
  });

  it('finds a source-ref named twice', async () => {
    await engineWithProject();
    putObject(e.dataDir, 'bucket', 'twice.manifest', manifestOf([line('s3://bucket/a.png'), line('s3://bucket/b.png'), line('s3://bucket/a.png')]));
    expect((await importManifest('twice.manifest')).StatusMessage).toBe('Manifest line 3: "source-ref" s3://bucket/a.png appears twice.');
  });
});

describe('limits on UpdateDatasetEntries', () => {
  it('answers ValidationException for more Changes lines than the dataset may hold', async () => {
    await engineWithProject({ maxTrainImages: 3 });
    await e.client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }));
    await settled();
    const changes = Buffer.from(manifestOf(Array.from({ length: 4 }, (_, i) => line(`s3://bucket/img-${i}.png`))));
    await expect(e.client.send(new UpdateDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', Changes: changes }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Changes has more than 3 entries, the most a train dataset holds.',
    });
  });

  it('rolls back an update that would take the dataset past its limit', async () => {
    await engineWithProject({ maxTrainImages: 3 });
    const set = await generateLabelledSet(e.dataDir, { normal: 2, anomaly: 0 });
    await importManifest(set.manifestKey);
    putObject(e.dataDir, 'bucket', 'new-1.png', await makeImage('png', 64, 64, 71));
    putObject(e.dataDir, 'bucket', 'new-2.png', await makeImage('png', 64, 64, 72));
    // One relabelled entry and two new ones: four images.
    const changes = [line('s3://bucket/set/img-0.png'), line('s3://bucket/new-1.png'), line('s3://bucket/new-2.png')].join('\n');
    await e.client.send(new UpdateDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', Changes: Buffer.from(changes) }));
    const d = await settled();
    expect(d).toMatchObject({ Status: 'UPDATE_FAILED_ROLLBACK_COMPLETE', ImageStats: { Total: 2 } });
    expect(d.StatusMessage).toBe("With these changes the train dataset would hold 4 images; it may hold at most 3 (maxTrainImages, Lookout's limit).");
  });
});

describe('what a source-ref may point at', () => {
  it('refuses a 1.5 GB (sparse) image from its size, without reading it', async () => {
    await engineWithProject();
    putObject(e.dataDir, 'bucket', 'huge.manifest', line('s3://bucket/huge.png'));
    writeFileSync(objectPath('huge.png'), '');
    truncateSync(objectPath('huge.png'), 1.5 * 1024 ** 3);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const d = await importManifest('huge.manifest');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    expect(d).toMatchObject({
      Status: 'CREATE_FAILED',
      StatusMessage: 'Manifest line 1 (s3://bucket/huge.png): s3://bucket/huge.png is 1610612736 bytes, over the limit of 8388608 bytes (maxImageBytes).',
    });
  });

  it('fails the import on a FIFO at once instead of hanging, and the dataset can then be deleted', async () => {
    await engineWithProject();
    putObject(e.dataDir, 'bucket', 'fifo.manifest', manifestOf([line('s3://bucket/pipe.png')]));
    execFileSync('mkfifo', [objectPath('pipe.png')]);
    const d = await importManifest('fifo.manifest');
    expect(d).toMatchObject({ Status: 'CREATE_FAILED', StatusMessage: 'Manifest line 1 (s3://bucket/pipe.png): s3://bucket/pipe.png is a FIFO, not a regular file.' });
    await e.client.send(new DeleteDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }));

    // A FIFO as the manifest itself, too.
    execFileSync('mkfifo', [objectPath('pipe.manifest')]);
    expect((await importManifest('pipe.manifest')).StatusMessage).toBe('The manifest cannot be read: s3://bucket/pipe.manifest is a FIFO, not a regular file.');
    await e.client.send(new DeleteDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }));
  });

  it('refuses an image, or a manifest, symlinked from outside the store', async () => {
    await engineWithProject();
    putObject(e.dataDir, 'bucket', 'linked-image.manifest', line('s3://bucket/linked.png'));
    writeFileSync(join(outside, 'secret.png'), await makeImage('png'));
    symlinkSync(join(outside, 'secret.png'), objectPath('linked.png'));
    expect((await importManifest('linked-image.manifest')).StatusMessage).toBe(
      'Manifest line 1 (s3://bucket/linked.png): s3://bucket/linked.png is a symbolic link to a file outside the object store.',
    );
    await e.client.send(new DeleteDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }));

    writeFileSync(join(outside, 'outside.manifest'), line('s3://bucket/any.png'));
    symlinkSync(join(outside, 'outside.manifest'), objectPath('linked.manifest'));
    expect((await importManifest('linked.manifest')).StatusMessage).toBe(
      'The manifest cannot be read: s3://bucket/linked.manifest is a symbolic link to a file outside the object store.',
    );
  });

  it('follows a symbolic link that stays inside the store', async () => {
    await engineWithProject();
    const real = putObject(e.dataDir, 'other-bucket', 'real.png', await makeImage('png'));
    mkdirSync(dirname(objectPath('alias.png')), { recursive: true });
    symlinkSync(join(e.dataDir, 's3', 'other-bucket', 'real.png'), objectPath('alias.png'));
    putObject(e.dataDir, 'bucket', 'alias.manifest', manifestOf([line('s3://bucket/alias.png')]));
    expect(real).toBe('s3://other-bucket/real.png');
    expect(await importManifest('alias.manifest')).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 1 } });
  });
});
