import {
  CreateModelCommand,
  DescribeModelCommand,
  CreateDatasetCommand,
  CreateProjectCommand,
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  ListProjectsCommand,
  paginateListProjects,
} from '@aws-sdk/client-lookoutvision';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_BUILD, startChildEngine } from '../support/child-engine';
import { sdkClient, tempDataDir, waitFor } from '../support/engine-harness';
import { generateLabelledSet } from '../support/local-s3';
import { stageSyntheticSet } from '../../src/demo/synthetic-dataset';

const dataDir = tempDataDir('lookout-crash-');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!HAVE_BUILD)('kill -9 of the engine (needs `npm run build`; `npm test` builds first)', () => {
  it('loses no acknowledged write and fails the interrupted import on restart', async () => {
    // Large enough that the import is still running when the engine is killed.
    const set = await generateLabelledSet(dataDir, { normal: 450, anomaly: 150, size: 256 });
    const first = await startChildEngine(dataDir);
    const client = sdkClient(first.url);
    await client.send(new CreateProjectCommand({ ProjectName: 'crash' }));
    await client.send(
      new CreateDatasetCommand({ ProjectName: 'crash', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: set.manifestKey } } } }),
    );

    // Writes keep landing while the import runs; every acknowledged one must survive.
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 10_000; i++) {
        const name = `w${i}`;
        try {
          await client.send(new CreateProjectCommand({ ProjectName: name }));
          acknowledged.push(name);
        } catch {
          return; // the engine is gone
        }
      }
    })();
    await waitFor(() => Promise.resolve(acknowledged.length), (n) => n >= 20);
    const status = (await client.send(new DescribeDatasetCommand({ ProjectName: 'crash', DatasetType: 'train' }))).DatasetDescription?.Status;
    expect(status).toBe('CREATE_IN_PROGRESS');
    first.process.kill('SIGKILL');
    await first.exited;
    writing = false;
    await writer;

    const second = await startChildEngine(dataDir);
    try {
      const after = sdkClient(second.url);
      const names = new Set<string>();
      for await (const page of paginateListProjects({ client: after }, {})) for (const p of page.Projects ?? []) names.add(p.ProjectName!);
      for (const name of ['crash', ...acknowledged]) expect(names.has(name), name).toBe(true);

      const dataset = (await after.send(new DescribeDatasetCommand({ ProjectName: 'crash', DatasetType: 'train' }))).DatasetDescription!;
      expect(dataset.Status).toBe('CREATE_FAILED');
      expect(dataset.StatusMessage).toMatch(/engine stopped while this import was running/);
      expect(dataset.ImageStats?.Total).toBe(0);

      // No half-written file is left behind, and the import can be run again.
      const shards = readdirSync(join(dataDir, 'images'), { withFileTypes: true }).filter((d) => d.isDirectory());
      for (const shard of shards) expect(readdirSync(join(dataDir, 'images', shard.name)).filter((f) => f.startsWith('.tmp'))).toEqual([]);
      await after.send(new DeleteDatasetCommand({ ProjectName: 'crash', DatasetType: 'train' }));
      await after.send(
        new CreateDatasetCommand({ ProjectName: 'crash', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: set.manifestKey } } } }),
      );
      const redone = await waitFor(
        () => after.send(new DescribeDatasetCommand({ ProjectName: 'crash', DatasetType: 'train' })).then((o) => o.DatasetDescription!),
        (d) => d.Status !== 'CREATE_IN_PROGRESS',
        60_000,
      );
      expect(redone).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 600, Normal: 450, Anomaly: 150 } });
      expect((await after.send(new ListProjectsCommand({ MaxResults: 1 }))).Projects).toHaveLength(1);
    } finally {
      second.process.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);

  it('turns a training interrupted by kill -9 into TRAINING_FAILED', async () => {
    const trainDir = tempDataDir('lookout-crash-train-');
    try {
      const manifest = await stageSyntheticSet(trainDir, { normal: 20, anomaly: 10, masks: false, prefix: 'crash' });
      const first = await startChildEngine(trainDir);
      const client = sdkClient(first.url);
      await client.send(new CreateProjectCommand({ ProjectName: 'p' }));
      await client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: manifest.bucket, Key: manifest.key } } } }));
      await waitFor(() => client.send(new DescribeDatasetCommand({ ProjectName: 'p', DatasetType: 'train' })).then((o) => o.DatasetDescription!.Status), (s) => s !== 'CREATE_IN_PROGRESS');
      const created = await client.send(new CreateModelCommand({ ProjectName: 'p', OutputConfig: { S3Location: { Bucket: 'out-bucket' } } }));
      expect(created.ModelMetadata?.Status).toBe('TRAINING');
      first.process.kill('SIGKILL');
      await first.exited;

      const second = await startChildEngine(trainDir);
      try {
        const model = (await sdkClient(second.url).send(new DescribeModelCommand({ ProjectName: 'p', ModelVersion: '1' }))).ModelDescription!;
        expect(model.Status).toBe('TRAINING_FAILED');
        expect(model.StatusMessage).toMatch(/stopped during training/);
      } finally {
        second.process.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      rmSync(trainDir, { recursive: true, force: true });
    }
  }, 120_000);
});
