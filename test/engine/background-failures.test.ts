import { CreateModelCommand, ListProjectsCommand, StartModelCommand } from '@aws-sdk/client-lookoutvision';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../support/engine-harness';
import { OUTPUT_CONFIG, describeModel, projectWithDataset } from '../support/model-fixtures';

/*
 * A background job's failure path writes a status too; when that write fails
 * as well (here a real SQLite error, raised by a trigger, as a full disk
 * would raise one), the error is logged and the process keeps serving: no
 * unhandled rejection, which would end it.
 */

const PROJECT = 'failing';
let e: RunningEngine;
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);

function failStatusWrites(status: string): void {
  e.engine.context.db.exec(
    `CREATE TEMP TRIGGER refuse_status BEFORE UPDATE OF status ON main.models WHEN NEW.status = '${status}' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
  );
}

beforeAll(async () => {
  process.on('unhandledRejection', recordUnhandled);
  e = await startEngine();
  await projectWithDataset(e.client, e.dataDir, PROJECT);
}, 60_000);
afterEach(() => e.engine.context.db.exec('DROP TRIGGER IF EXISTS temp.refuse_status'));
afterAll(async () => {
  process.off('unhandledRejection', recordUnhandled);
  await e.close();
});

describe('a failure path whose status write fails', () => {
  it('hosting: the model stays STARTING_HOSTING, the error is logged, the engine answers the next request', async () => {
    const { stores, arns } = e.engine.context;
    // A TRAINED model whose files are missing: hosting it fails.
    const version = stores.models.nextVersion(PROJECT);
    stores.models.insert({
      project: PROJECT,
      version,
      arn: arns.model(PROJECT, String(version)),
      description: null,
      status: 'TRAINED',
      status_message: 'Training completed.',
      created_at: e.engine.context.now(),
      output_bucket: 'model-output',
      output_prefix: null,
      kms_key_id: null,
      performance: null,
      evaluation_manifest_key: null,
      evaluation_result_key: null,
      evaluation_end: null,
      min_inference_units: null,
      max_inference_units: null,
    });
    failStatusWrites('HOSTING_FAILED');
    await e.client.send(new StartModelCommand({ ProjectName: PROJECT, ModelVersion: String(version), MinInferenceUnits: 1 }));
    await e.engine.context.runtime.idle();

    expect(e.logged.map(String)).toContainEqual(expect.stringMatching(/database or disk is full/));
    expect(unhandled).toEqual([]);
    expect((await describeModel(e.client, PROJECT, String(version))).Status).toBe('STARTING_HOSTING');
    expect((await e.client.send(new ListProjectsCommand({}))).Projects?.map((p) => p.ProjectName)).toContain(PROJECT);
  });

  it('training: the model stays TRAINING (restart recovery fails it), the engine answers the next request', async () => {
    // The dataset's stored images vanish: the training fails reading them.
    rmSync(join(e.dataDir, 'images'), { recursive: true, force: true });
    failStatusWrites('TRAINING_FAILED');
    const loggedBefore = e.logged.length;
    const created = await e.client.send(new CreateModelCommand({ ProjectName: PROJECT, OutputConfig: OUTPUT_CONFIG }));
    await e.engine.context.runtime.idle();

    expect(unhandled).toEqual([]);
    expect(e.logged.slice(loggedBefore).map(String)).toContainEqual(expect.stringMatching(/database or disk is full/));
    expect((await describeModel(e.client, PROJECT, created.ModelMetadata!.ModelVersion!)).Status).toBe('TRAINING');
    expect((await e.client.send(new ListProjectsCommand({}))).Projects?.map((p) => p.ProjectName)).toContain(PROJECT);
  });
});
