import { CreateDatasetCommand, CreateProjectCommand, DescribeDatasetCommand, ListDatasetEntriesCommand, ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type RunningEngine } from '../support/engine-harness';
import { makeImage } from '../support/images';
import { putObject } from '../support/local-s3';

/*
 * A large import is streamed: the engine keeps answering while it runs, and
 * the dataset still changes all at once, or not at all.
 */

let e: RunningEngine;
beforeEach(async () => {
  e = await startEngine();
  await e.client.send(new CreateProjectCommand({ ProjectName: 'p' }));
});
afterEach(() => e.close());

const createFrom = (key: string) =>
  e.client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: key } } } }));
const describeTrain = () => e.client.send(new DescribeDatasetCommand({ ProjectName: 'p', DatasetType: 'train' })).then((o) => o.DatasetDescription!);

describe('a large manifest', () => {
  it('is read while the engine keeps answering other requests (a 50 MB manifest)', async () => {
    // 16,000 lines of ~3.1 KB: Lookout's most entries, each with a long metadata field. The last
    // line is broken, so the import reads all 50 MB before it fails, without reading an image.
    const padding = 'x'.repeat(3_060);
    const lines = Array.from({ length: 15_999 }, (_, i) =>
      JSON.stringify({ 'source-ref': `s3://bucket/images/img-${i}.png`, 'anomaly-label': 0, 'anomaly-label-metadata': { 'class-name': 'normal', note: padding } }),
    );
    putObject(e.dataDir, 'bucket', 'big.manifest', lines.join('\n') + '\n{"source-ref": broken\n');
    lines.length = 0;

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    await createFrom('big.manifest');
    const latencies: number[] = [];
    let status = 'CREATE_IN_PROGRESS';
    while (status === 'CREATE_IN_PROGRESS') {
      const started = performance.now();
      await e.client.send(new ListProjectsCommand({}));
      latencies.push(performance.now() - started);
      status = (await describeTrain()).Status!;
    }
    loop.disable();

    const d = await describeTrain();
    expect(d).toMatchObject({ Status: 'CREATE_FAILED', StatusMessage: 'Manifest line 16000: not valid JSON.', ImageStats: { Total: 0 } });
    expect(latencies.length).toBeGreaterThan(5); // the requests did overlap the import
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    expect(loop.max / 1e6).toBeLessThan(1_000);
  }, 30_000);
});

describe('all or nothing', () => {
  it('commits no entry of an import that fails at its last image', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      putObject(e.dataDir, 'bucket', `set/img-${i}.png`, await makeImage('png', 64, 64, i));
      lines.push(JSON.stringify({ 'source-ref': `s3://bucket/set/img-${i}.png`, 'anomaly-label': 0 }));
    }
    lines.push(JSON.stringify({ 'source-ref': 's3://bucket/set/missing.png', 'anomaly-label': 0 }));
    writeFileSync(join(e.dataDir, 's3', 'bucket', 'set.manifest'), lines.join('\n'));
    await createFrom('set.manifest');

    const seen = new Set<number>();
    const d = await waitFor(
      async () => {
        const now = await describeTrain();
        seen.add(now.ImageStats!.Total!);
        return now;
      },
      (now) => now.Status !== 'CREATE_IN_PROGRESS',
    );
    expect(d).toMatchObject({ Status: 'CREATE_FAILED', StatusMessage: expect.stringMatching(/^Manifest line 301 .*missing\.png does not exist\.$/) });
    expect([...seen]).toEqual([0]);
    expect((await e.client.send(new ListDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train' }))).DatasetEntries).toEqual([]);
  });

  it('keeps manifest order and relative refs across the staging pages', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 250; i++) {
      putObject(e.dataDir, 'bucket', `folder/img-${i}.png`, await makeImage('png', 64, 64, i));
      lines.push(JSON.stringify({ 'source-ref': `img-${i}.png`, 'anomaly-label': i % 2 }));
    }
    putObject(e.dataDir, 'bucket', 'folder/train.manifest', lines.join('\n'));
    await createFrom('folder/train.manifest');
    const d = await waitFor(describeTrain, (now) => now.Status !== 'CREATE_IN_PROGRESS');
    expect(d).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 250, Normal: 125, Anomaly: 125 } });
    const refs: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await e.client.send(new ListDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', NextToken }));
      refs.push(...page.DatasetEntries!.map((entry) => JSON.parse(entry)['source-ref']));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(refs).toEqual(Array.from({ length: 250 }, (_, i) => `img-${i}.png`));
  });
});
