import { CreateModelCommand, ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine, tempDataDir, type RunningEngine } from '../support/engine-harness';
import { OUTPUT_CONFIG, projectWithDataset, settledModel } from '../support/model-fixtures';

/*
 * A real full disk under the model files: <data>/models is a 64 KiB tmpfs,
 * while the database and the dataset stay on the ordinary disk. Mounting
 * needs root; elsewhere the test is skipped.
 */

const dataDir = tempDataDir('lookout-full-disk-');
const modelsDir = join(dataDir, 'models');
mkdirSync(modelsDir);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', modelsDir]).status === 0;
let e: RunningEngine | undefined;

afterAll(async () => {
  await e?.close({ removeData: false });
  if (mounted) spawnSync('umount', [modelsDir]);
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!mounted)('a training whose model files hit a full disk (needs root for mount -t tmpfs)', () => {
  it('ends TRAINING_FAILED saying so, leaves no partial files, and the engine keeps serving', async () => {
    e = await startEngine({ dataDir });
    await projectWithDataset(e.client, dataDir, 'full');
    const created = await e.client.send(new CreateModelCommand({ ProjectName: 'full', OutputConfig: OUTPUT_CONFIG }));
    const model = await settledModel(e.client, 'full', created.ModelMetadata!.ModelVersion!);
    expect(model).toMatchObject({ Status: 'TRAINING_FAILED', StatusMessage: expect.stringMatching(/disk is full/) });
    await e.engine.context.runtime.idle();
    expect(readdirSync(modelsDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())).toEqual([]);
    expect((await e.client.send(new ListProjectsCommand({}))).Projects?.map((p) => p.ProjectName)).toEqual(['full']);
  }, 120_000);
});
