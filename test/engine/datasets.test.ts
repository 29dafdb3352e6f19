import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DeleteDatasetCommand,
  DeleteProjectCommand,
  DescribeDatasetCommand,
  DescribeProjectCommand,
  ListDatasetEntriesCommand,
  UpdateDatasetEntriesCommand,
  paginateListDatasetEntries,
  type DatasetDescription,
} from '@aws-sdk/client-lookoutvision';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type RunningEngine } from '../support/engine-harness';
import { makeImage } from '../support/images';
import { generateLabelledSet, putObject } from '../support/local-s3';
import { COOKIE_BUCKET, HAVE_SAMPLES, SAMPLES_MISSING, mountCookies } from '../support/samples';

let e: RunningEngine;
beforeEach(async () => {
  e = await startEngine();
  await e.client.send(new CreateProjectCommand({ ProjectName: 'p' }));
});
afterEach(() => e.close());

const settled = (type: 'train' | 'test' = 'train') =>
  waitFor(
    () => e.client.send(new DescribeDatasetCommand({ ProjectName: 'p', DatasetType: type })).then((o) => o.DatasetDescription as DatasetDescription),
    (d) => !d.Status?.endsWith('IN_PROGRESS'),
  );

const fromManifest = (key: string, type: 'train' | 'test' = 'train', bucket = 'bucket') =>
  e.client.send(
    new CreateDatasetCommand({ ProjectName: 'p', DatasetType: type, DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: key } } } }),
  );

describe('CreateDataset', () => {
  it('creates an empty dataset without a source, synchronously as Lookout does', async () => {
    const created = await e.client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'test' }));
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created.DatasetMetadata).toMatchObject({ DatasetType: 'test', Status: 'CREATE_COMPLETE', StatusMessage: 'Dataset created empty.' });
    const d = await settled('test');
    expect(d).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 0, Labeled: 0, Normal: 0, Anomaly: 0 } });
    const project = await e.client.send(new DescribeProjectCommand({ ProjectName: 'p' }));
    expect(project.ProjectDescription?.Datasets).toMatchObject([{ DatasetType: 'test', Status: 'CREATE_COMPLETE' }]);
  });

  it('imports a manifest asynchronously with exact image stats', async () => {
    const set = await generateLabelledSet(e.dataDir, { normal: 5, anomaly: 3 });
    // one unlabelled entry too
    putObject(e.dataDir, 'bucket', 'set/unlabelled.png', await makeImage('png', 64, 64, 99));
    putObject(e.dataDir, 'bucket', set.manifestKey, [...set.lines, { 'source-ref': 's3://bucket/set/unlabelled.png' }].map((l) => JSON.stringify(l)).join('\n'));
    const created = await fromManifest(set.manifestKey);
    expect(created.DatasetMetadata?.Status).toBe('CREATE_IN_PROGRESS');
    const d = await settled();
    expect(d.Status).toBe('CREATE_COMPLETE');
    expect(d.ImageStats).toEqual({ Total: 9, Labeled: 8, Normal: 5, Anomaly: 3 });
    expect(d.LastUpdatedTimestamp!.getTime()).toBeGreaterThanOrEqual(d.CreationTimestamp!.getTime());
  });

  it('refuses a second dataset of one type, and unknown projects', async () => {
    await e.client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }));
    await expect(e.client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }))).rejects.toMatchObject({
      name: 'ConflictException',
      ResourceType: 'DATASET',
    });
    await expect(e.client.send(new CreateDatasetCommand({ ProjectName: 'nope', DatasetType: 'train' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'PROJECT',
    });
    await expect(e.client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'validation' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('refuses a manifest key that escapes its bucket', async () => {
    await expect(fromManifest('a/../../../../etc/passwd')).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it.each([
    ['a missing manifest', async () => 'missing.manifest', /cannot be read/],
    ['a line that is not JSON', async () => putKey('bad.manifest', '{"source-ref": "s3://bucket/x.png"}\nnot json'), /line 2: not valid JSON/],
    ['a line without source-ref', async () => putKey('bad.manifest', '{"anomaly-label": 1}'), /line 1: "source-ref" is missing/],
    ['an image that does not exist', async () => putKey('bad.manifest', line('s3://bucket/none.png', 1)), /line 1 .*does not exist/],
    ['bytes that are no image', async () => (putObject(e.dataDir, 'bucket', 'x.png', 'GIF89a'), putKey('bad.manifest', line('s3://bucket/x.png', 0))), /neither PNG nor JPEG/],
    ['an image below 64 px', async () => (putObject(e.dataDir, 'bucket', 's.png', await makeImage('png', 32, 64)), putKey('bad.manifest', line('s3://bucket/s.png', 0))), /32x64/],
    [
      'images of two sizes',
      async () => {
        putObject(e.dataDir, 'bucket', 'a.png', await makeImage('png', 64, 64));
        putObject(e.dataDir, 'bucket', 'b.png', await makeImage('png', 80, 64));
        return putKey('bad.manifest', [line('s3://bucket/a.png', 0), line('s3://bucket/b.png', 1)].join('\n'));
      },
      /line 2 .*80x64, but the dataset's images are 64x64/,
    ],
    ['a label other than 0 or 1', async () => (putObject(e.dataDir, 'bucket', 'a.png', await makeImage('png')), putKey('bad.manifest', line('s3://bucket/a.png', 2))), /must be 1 \(anomaly\) or 0/],
  ])('fails the dataset with a message naming the problem for %s', async (_what, prepare, message) => {
    const key = await prepare();
    await fromManifest(key);
    const d = await settled();
    expect(d.Status).toBe('CREATE_FAILED');
    expect(d.StatusMessage).toMatch(message);
    expect(d.ImageStats?.Total).toBe(0);
  });

  it('lets a failed dataset be deleted and created again', async () => {
    await fromManifest(putKey('bad.manifest', 'nope'));
    expect((await settled()).Status).toBe('CREATE_FAILED');
    const deleted = await e.client.send(new DeleteDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    await e.client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }));
    expect((await settled()).Status).toBe('CREATE_COMPLETE');
  });
});

describe.skipIf(!HAVE_SAMPLES)(`the real cookie manifests (${HAVE_SAMPLES ? 'present' : SAMPLES_MISSING})`, () => {
  it.each(['train_class.manifest', 'train_segmentation.manifest'])('imports %s', async (manifest) => {
    mountCookies(e.dataDir);
    await fromManifest(`getting-started/${manifest}`, 'train', COOKIE_BUCKET);
    const d = await settled();
    expect(d.StatusMessage).toBe('Imported 63 images.');
    expect(d).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 63, Labeled: 63, Normal: 31, Anomaly: 32 } });
    const entries = await e.client.send(new ListDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', AnomalyClass: 'anomaly', MaxResults: 1 }));
    const entry = JSON.parse(entries.DatasetEntries![0]);
    expect(entry['source-ref']).toMatch(/^s3:\/\/lookoutvision-us-east-1-0e205be246\/getting-started\/training-images\/anomaly-\d+\.jpg$/);
    if (manifest.includes('segmentation')) {
      expect(entry['anomaly-mask-ref-metadata']['internal-color-map']['0']).toEqual({ 'class-name': 'cracked', 'hex-color': '#23A436' });
    }
  });
});

function putKey(key: string, body: string): string {
  putObject(e.dataDir, 'bucket', key, body);
  return key;
}

function line(ref: string, label: number): string {
  return JSON.stringify({ 'source-ref': ref, 'anomaly-label': label });
}

describe('ListDatasetEntries and UpdateDatasetEntries', () => {
  beforeEach(async () => {
    const set = await generateLabelledSet(e.dataDir, { normal: 6, anomaly: 4 });
    await fromManifest(set.manifestKey);
    await settled();
  });

  const list = (input: Partial<ConstructorParameters<typeof ListDatasetEntriesCommand>[0]> = {}) =>
    e.client.send(new ListDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', ...input }));

  it('filters by label, class, source-ref and creation date', async () => {
    expect((await list()).DatasetEntries).toHaveLength(10);
    expect((await list({ AnomalyClass: 'anomaly' })).DatasetEntries).toHaveLength(4);
    expect((await list({ AnomalyClass: 'normal' })).DatasetEntries).toHaveLength(6);
    expect((await list({ Labeled: true })).DatasetEntries).toHaveLength(10);
    expect((await list({ Labeled: false })).DatasetEntries).toHaveLength(0);
    expect((await list({ SourceRefContains: 'img-1' })).DatasetEntries?.map((x) => JSON.parse(x)['source-ref'])).toEqual(['s3://bucket/set/img-1.png']);
    expect((await list({ AfterCreationDate: new Date(Date.now() + 60_000) })).DatasetEntries).toHaveLength(0);
    expect((await list({ BeforeCreationDate: new Date(Date.now() + 60_000) })).DatasetEntries).toHaveLength(10);
    expect((await list({ BeforeCreationDate: new Date(Date.now() - 3_600_000) })).DatasetEntries).toHaveLength(0);
  });

  it('pages entries in order', async () => {
    const refs: string[] = [];
    for await (const page of paginateListDatasetEntries({ client: e.client, pageSize: 3 }, { ProjectName: 'p', DatasetType: 'train' })) {
      expect(page.DatasetEntries!.length).toBeLessThanOrEqual(3);
      refs.push(...page.DatasetEntries!.map((x) => JSON.parse(x)['source-ref']));
    }
    expect(refs).toEqual(Array.from({ length: 10 }, (_, i) => `s3://bucket/set/img-${i}.png`));
  });

  it('adds and relabels entries through UpdateDatasetEntries', async () => {
    putObject(e.dataDir, 'bucket', 'new.png', await makeImage('png', 64, 64, 50));
    const changes = [line('s3://bucket/new.png', 1), line('s3://bucket/set/img-0.png', 1)].join('\n');
    const out = await e.client.send(new UpdateDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', Changes: Buffer.from(changes) }));
    expect(out).toMatchObject({ Status: 'UPDATE_IN_PROGRESS', $metadata: { httpStatusCode: 202 } });
    const d = await settled();
    expect(d).toMatchObject({ Status: 'UPDATE_COMPLETE', ImageStats: { Total: 11, Labeled: 11, Normal: 5, Anomaly: 6 } });
  });

  it('rolls back an update with a bad entry, keeping the dataset as it was', async () => {
    putObject(e.dataDir, 'bucket', 'big.png', await makeImage('png', 96, 96));
    await e.client.send(new UpdateDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', Changes: Buffer.from(line('s3://bucket/big.png', 0)) }));
    const d = await settled();
    expect(d.Status).toBe('UPDATE_FAILED_ROLLBACK_COMPLETE');
    expect(d.StatusMessage).toMatch(/96x96/);
    expect(d.ImageStats).toEqual({ Total: 10, Labeled: 10, Normal: 6, Anomaly: 4 });
  });

  it('refuses changes while an import runs, and a project with datasets cannot be deleted', async () => {
    await e.client.send(new UpdateDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', Changes: Buffer.from(line('s3://bucket/set/img-1.png', 1)) }));
    await expect(e.client.send(new DeleteDatasetCommand({ ProjectName: 'p', DatasetType: 'train' }))).rejects.toMatchObject({ name: 'ConflictException' });
    await settled();
    await expect(e.client.send(new DeleteProjectCommand({ ProjectName: 'p' }))).rejects.toMatchObject({ name: 'ConflictException', ResourceType: 'PROJECT' });
  });

  it('validates filters and Changes', async () => {
    await expect(list({ MaxResults: 500 })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(list({ AnomalyClass: 'broken' })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(e.client.send(new UpdateDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', Changes: new Uint8Array() }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(e.client.send(new ListDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'test' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'DATASET',
    });
  });
});
