import { DeleteModelCommand, DetectAnomaliesCommand, StopModelCommand } from '@aws-sdk/client-lookoutvision';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPart } from '../../src/demo/synthetic-parts';
import { startEngine, waitFor, type RunningEngine } from '../support/engine-harness';
import { copyOfTrainedModel, describeModel, hostedModel, modelFromOneTraining, projectWithDataset } from '../support/model-fixtures';

/*
 * A background job is scheduled only once its request's transaction has
 * committed, and checks its model's row before acting. The fault: the
 * client-token write, the last statement of an idempotent request's
 * transaction, fails (a real SQLite error, raised by a trigger), so the
 * transaction rolls back after the operation has already asked for its job.
 */

let e: RunningEngine;
let hosted: string;
const PROJECT = 'effects';

function failClientTokenWrites(): void {
  e.engine.context.db.exec(`CREATE TEMP TRIGGER refuse_client_token BEFORE INSERT ON main.client_tokens BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
}

const detect = async (version: string) =>
  e.client.send(new DetectAnomaliesCommand({ ProjectName: PROJECT, ModelVersion: version, Body: (await syntheticPart('normal', 4100)).png, ContentType: 'image/png' }));

beforeAll(async () => {
  e = await startEngine();
  await projectWithDataset(e.client, e.dataDir, PROJECT);
  hosted = await modelFromOneTraining(e, PROJECT);
  await hostedModel(e.client, PROJECT, hosted);
}, 120_000);
afterEach(() => e.engine.context.db.exec('DROP TRIGGER IF EXISTS temp.refuse_client_token'));
afterAll(() => e.close());

describe('side effects run only after their transaction commits', () => {
  it('a StopModel that rolls back leaves the model HOSTED and serving', async () => {
    failClientTokenWrites();
    await expect(e.client.send(new StopModelCommand({ ProjectName: PROJECT, ModelVersion: hosted }))).rejects.toMatchObject({
      name: 'InternalServerException',
      $metadata: { httpStatusCode: 500 },
    });
    await e.engine.context.runtime.idle();
    expect(await describeModel(e.client, PROJECT, hosted)).toMatchObject({ Status: 'HOSTED' });
    expect(e.engine.context.runtime.unitsOf(PROJECT, Number(hosted))).toBe(1);
    expect((await detect(hosted)).DetectAnomalyResult?.Source?.Type).toBe('direct');
  });

  it('a DeleteModel that rolls back keeps the model and its files', async () => {
    const version = copyOfTrainedModel(e.engine, PROJECT, hosted);
    const files = e.engine.context.runtime.modelDir(PROJECT, Number(version));
    failClientTokenWrites();
    await expect(e.client.send(new DeleteModelCommand({ ProjectName: PROJECT, ModelVersion: version }))).rejects.toMatchObject({ name: 'InternalServerException' });
    await e.engine.context.runtime.idle();
    expect(await describeModel(e.client, PROJECT, version)).toMatchObject({ Status: 'TRAINED' });
    expect(existsSync(files)).toBe(true);

    // Without the fault the same request deletes it, files and all.
    e.engine.context.db.exec('DROP TRIGGER temp.refuse_client_token');
    await e.client.send(new DeleteModelCommand({ ProjectName: PROJECT, ModelVersion: version }));
    await waitFor(() => describeModel(e.client, PROJECT, version).then(() => false, (error) => error.name === 'ResourceNotFoundException'), (gone) => gone);
    expect(existsSync(files)).toBe(false);
  });

  it('a job whose model is not where its request left it does nothing', async () => {
    const { runtime, stores } = e.engine.context;
    const trained = copyOfTrainedModel(e.engine, PROJECT, hosted);
    // Neither model went through StopModel / DeleteModel, so neither is STOPPING_HOSTING / DELETING.
    runtime.stop(PROJECT, Number(hosted));
    runtime.delete({ project: PROJECT, version: Number(trained) });
    runtime.host(PROJECT, Number(trained), { minUnits: 1, maxUnits: 1 });
    await runtime.idle();
    expect(stores.models.get(PROJECT, Number(hosted))?.status).toBe('HOSTED');
    expect(stores.models.get(PROJECT, Number(trained))?.status).toBe('TRAINED');
    expect(runtime.unitsOf(PROJECT, Number(trained))).toBe(0);
    expect(existsSync(runtime.modelDir(PROJECT, Number(trained)))).toBe(true);
    expect((await detect(hosted)).DetectAnomalyResult?.Source?.Type).toBe('direct');
  });
});
