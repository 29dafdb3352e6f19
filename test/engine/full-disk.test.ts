import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  ListDatasetEntriesCommand,
  ListProjectsCommand,
  type DatasetDescription,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_BUILD, startChildEngine, type ChildEngine } from '../support/child-engine';
import { sdkClient, startEngine, tempDataDir, waitFor, type RunningEngine } from '../support/engine-harness';
import { generateLabelledSet, putObject } from '../support/local-s3';

/*
 * A real full disk: the data directory is a small tmpfs. Mounting needs root;
 * elsewhere these tests are skipped, saying so.
 */

function mountTmpfs(prefix: string, size: string): { dir: string; mounted: boolean } {
  const dir = tempDataDir(prefix);
  return { dir, mounted: spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0 };
}

function unmount({ dir, mounted }: { dir: string; mounted: boolean }): void {
  if (mounted) spawnSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
}

/** Writes a file until the disk refuses more, and closes it (an open file keeps its space after rm). */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/** A PNG of noise: it does not compress, so its size is known. */
async function noisePng(side: number): Promise<Buffer> {
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

const describeDataset = (client: LookoutVisionClient, project: string) =>
  client.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: 'train' })).then((o) => o.DatasetDescription as DatasetDescription);
const settled = (client: LookoutVisionClient, project: string) => waitFor(() => describeDataset(client, project), (d) => !d.Status?.endsWith('IN_PROGRESS'));
const createFrom = (client: LookoutVisionClient, project: string, key: string) =>
  client.send(
    new CreateDatasetCommand({ ProjectName: project, DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: key } } } }),
  );
const projectNames = async (client: LookoutVisionClient) => (await client.send(new ListProjectsCommand({}))).Projects?.map((p) => p.ProjectName).sort();
const STORAGE_FULL = { name: 'ServiceQuotaExceededException', QuotaCode: 'L-STORAGE', message: expect.stringMatching(/storage is full/), $metadata: { httpStatusCode: 402 } };

const running = mountTmpfs('lookout-full-disk-import-', '12m');
let e: RunningEngine | undefined;
afterAll(async () => {
  await e?.close({ removeData: false });
  unmount(running);
});

describe.skipIf(!running.mounted)('a disk that fills up under a running engine (needs root for mount -t tmpfs)', () => {
  it('fails the import that filled it, keeps serving and keeps earlier datasets; a new import works once space is freed', async () => {
    e = await startEngine({ dataDir: running.dir });
    await e.client.send(new CreateProjectCommand({ ProjectName: 'earlier' }));
    const earlier = await generateLabelledSet(running.dir, { normal: 4, anomaly: 2, prefix: 'earlier' });
    await createFrom(e.client, 'earlier', earlier.manifestKey);
    expect(await settled(e.client, 'earlier')).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 6 } });

    // 32 sources of ~200 KB fill half the disk; their copies do not fit beside them.
    const lines: string[] = [];
    for (let i = 0; i < 32; i++) {
      putObject(running.dir, 'bucket', `big/img-${i}.png`, await noisePng(256));
      lines.push(JSON.stringify({ 'source-ref': `s3://bucket/big/img-${i}.png`, 'anomaly-label': 0 }));
    }
    putObject(running.dir, 'bucket', 'big.manifest', lines.join('\n'));
    await e.client.send(new CreateProjectCommand({ ProjectName: 'filling' }));
    await createFrom(e.client, 'filling', 'big.manifest');

    const failed = await settled(e.client, 'filling');
    expect(failed).toMatchObject({ Status: 'CREATE_FAILED', ImageStats: { Total: 0 } });
    expect(failed.StatusMessage).toMatch(/^Manifest line \d+ \(s3:\/\/bucket\/big\/img-\d+\.png\): The engine's storage is full; nothing of this import was kept\./);
    expect(e.logged.some((error) => ((error as Error)?.cause as NodeJS.ErrnoException)?.code === 'ENOSPC')).toBe(true);

    expect(await projectNames(e.client)).toEqual(['earlier', 'filling']);
    expect(await describeDataset(e.client, 'earlier')).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 6, Normal: 4, Anomaly: 2 } });
    expect((await e.client.send(new ListDatasetEntriesCommand({ ProjectName: 'earlier', DatasetType: 'train' }))).DatasetEntries).toHaveLength(6);

    rmSync(join(running.dir, 's3', 'bucket', 'big'), { recursive: true });
    await e.client.send(new DeleteDatasetCommand({ ProjectName: 'filling', DatasetType: 'train' }));
    const again = await generateLabelledSet(running.dir, { normal: 3, anomaly: 1, prefix: 'again' });
    await createFrom(e.client, 'filling', again.manifestKey);
    expect(await settled(e.client, 'filling')).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 4 } });
  }, 30_000);

  it('answers writes on a full disk with ServiceQuotaExceededException, and reads as usual', async () => {
    const filler = join(running.dir, 'filler');
    fillDisk(filler);
    try {
      await expect(e!.client.send(new CreateProjectCommand({ ProjectName: 'refused' }))).rejects.toMatchObject(STORAGE_FULL);
      expect(await projectNames(e!.client)).toEqual(['earlier', 'filling']);
    } finally {
      rmSync(filler);
    }
    await e!.client.send(new CreateProjectCommand({ ProjectName: 'accepted' }));
    expect(await projectNames(e!.client)).toEqual(['accepted', 'earlier', 'filling']);
  });
});

const restarting = mountTmpfs('lookout-full-disk-start-', '4m');
let child: ChildEngine | undefined;
afterAll(async () => {
  child?.process.kill('SIGKILL');
  await child?.exited;
  unmount(restarting);
});

describe.skipIf(!restarting.mounted || !HAVE_BUILD)('an engine started on a full disk (needs root for mount -t tmpfs, and `npm run build`)', () => {
  it('starts, serves reads, answers writes with the storage error, and recovers once space is freed', async () => {
    child = await startChildEngine(restarting.dir);
    let client = sdkClient(child.url);
    await client.send(new CreateProjectCommand({ ProjectName: 'kept' }));
    const set = await generateLabelledSet(restarting.dir, { normal: 3, anomaly: 1, prefix: 'kept' });
    await createFrom(client, 'kept', set.manifestKey);
    expect(await settled(client, 'kept')).toMatchObject({ Status: 'CREATE_COMPLETE' });
    await client.send(new CreateProjectCommand({ ProjectName: 'interrupted' }));
    await client.send(new CreateDatasetCommand({ ProjectName: 'interrupted', DatasetType: 'train' }));
    await settled(client, 'interrupted');
    child.process.kill('SIGTERM');
    await child.exited;

    // As a crash in the middle of an import leaves it; then the disk fills up while the engine is down.
    const db = new Database(join(restarting.dir, 'lookout.db'));
    db.prepare("UPDATE datasets SET status = 'CREATE_IN_PROGRESS' WHERE project = 'interrupted'").run();
    db.close();
    const filler = join(restarting.dir, 'filler');
    fillDisk(filler);

    child = await startChildEngine(restarting.dir);
    client = sdkClient(child.url);
    expect(await projectNames(client)).toEqual(['interrupted', 'kept']);
    expect(await describeDataset(client, 'kept')).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 4 } });
    expect(await describeDataset(client, 'interrupted')).toMatchObject({ Status: 'CREATE_IN_PROGRESS' });
    await expect(client.send(new CreateProjectCommand({ ProjectName: 'refused' }))).rejects.toMatchObject(STORAGE_FULL);

    // Space again: the deferred recovery lands on its own, and writes work.
    rmSync(filler);
    expect(await settled(client, 'interrupted')).toMatchObject({ Status: 'CREATE_FAILED', StatusMessage: expect.stringMatching(/engine stopped while this import was running/) });
    await client.send(new CreateProjectCommand({ ProjectName: 'accepted' }));
    expect(await projectNames(client)).toEqual(['accepted', 'interrupted', 'kept']);
  }, 60_000);
});
