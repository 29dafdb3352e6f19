import { CreateModelCommand, DetectAnomaliesCommand, StartModelCommand, StopModelCommand } from '@aws-sdk/client-lookoutvision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPart } from '../../src/demo/synthetic-parts';
import type { EngineLimits } from '../../src/engine/engine-context';
import { startEngine, tempDataDir, waitFor, type RunningEngine } from '../support/engine-harness';
import { OUTPUT_CONFIG, copyOfTrainedModel, describeModel, hostedModel, projectWithDataset, settledModel } from '../support/model-fixtures';

/*
 * The engine's own limits: one training at a time (the rest queue), a cap on
 * inference units of all models, a deadline for detections waiting for a
 * unit, and dropping the queued detection of a client that went away. One
 * data directory; the engine restarts with other limits between parts.
 */

const PROJECT = 'limits';
const dataDir = tempDataDir('lookout-limits-');
let e: RunningEngine;
let image: Buffer;

async function restart(limits: Partial<EngineLimits>): Promise<void> {
  await e.close({ removeData: false });
  e = await startEngine({ dataDir, limits, runtime: { idleUnitMs: 60_000 } });
}

const detect = (version: string, abortSignal?: AbortSignal) =>
  e.client.send(new DetectAnomaliesCommand({ ProjectName: PROJECT, ModelVersion: version, Body: image, ContentType: 'image/png' }), { abortSignal });

/** Sends `count` detections at once; resolves with the most units the model had while they ran. */
async function peakUnitsUnderLoad(version: string, count = 24): Promise<number> {
  let peak = 0;
  await Promise.all(Array.from({ length: count }, () => detect(version).then(() => (peak = Math.max(peak, e.engine.context.runtime.unitsOf(PROJECT, Number(version)))))));
  return peak;
}

beforeAll(async () => {
  image = (await syntheticPart('normal', 4242)).png;
  e = await startEngine({ dataDir, limits: { maxConcurrentTrainings: 1 } });
  await projectWithDataset(e.client, dataDir, PROJECT);
}, 60_000);
afterAll(() => e.close());

describe('at most maxConcurrentTrainings trainings run; the rest wait in line', () => {
  it('queues CreateModel calls first come first served, says where each is, and drops one that failed meanwhile', async () => {
    const create = () => e.client.send(new CreateModelCommand({ ProjectName: PROJECT, OutputConfig: OUTPUT_CONFIG })).then((o) => o.ModelMetadata!);
    const first = await create();
    const second = await create();
    const third = await create();
    expect(first).toMatchObject({ ModelVersion: '1', Status: 'TRAINING', StatusMessage: 'Training the model.' });
    expect(second).toMatchObject({ Status: 'TRAINING', StatusMessage: expect.stringMatching(/^Queued for training, position 1 in line; the engine trains at most 1 model at a time/) });
    expect(third.StatusMessage).toMatch(/position 2 in line/);
    expect((await describeModel(e.client, PROJECT, '3')).StatusMessage).toMatch(/position 2 in line/);

    // Version 2 fails while it waits (as a shutdown would fail it): its turn is skipped.
    e.engine.context.stores.models.transition(PROJECT, 2, ['TRAINING'], 'TRAINING_FAILED', 'Failed while queued.');
    expect((await settledModel(e.client, PROJECT, '1')).Status).toBe('TRAINED');
    const next = await waitFor(() => describeModel(e.client, PROJECT, '3'), (m) => m.StatusMessage === 'Training the model.', 10_000);
    expect(next.Status).toBe('TRAINING');
    expect(await describeModel(e.client, PROJECT, '2')).toMatchObject({ Status: 'TRAINING_FAILED', StatusMessage: 'Failed while queued.' });
  }, 120_000);

  it('shutdown cancels the running training: TRAINING_FAILED, saying why', async () => {
    const started = Date.now();
    await restart({ maxTotalInferenceUnits: 3 });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(await describeModel(e.client, PROJECT, '3')).toMatchObject({ Status: 'TRAINING_FAILED', StatusMessage: expect.stringMatching(/cancelled because the engine shut down/) });
  }, 30_000);
});

describe('maxTotalInferenceUnits caps the units of all hosted models together', () => {
  it('refuses a StartModel whose minimum does not fit, and stops auto-scaling at the cap', async () => {
    const other = copyOfTrainedModel(e.engine, PROJECT, '1');
    await hostedModel(e.client, PROJECT, '1', { min: 2, max: 3 });
    await expect(e.client.send(new StartModelCommand({ ProjectName: PROJECT, ModelVersion: other, MinInferenceUnits: 2 }))).rejects.toMatchObject({
      name: 'ServiceQuotaExceededException',
      QuotaCode: 'L-TOTAL-INFERENCE-UNITS',
      ResourceType: 'MODEL',
      ResourceId: `${PROJECT}/${other}`,
      message: expect.stringMatching(/at most 3 inference units.*2 are in use/),
    });
    // A hosted model cannot be started again, whatever units are asked for: the state is the answer, not the quota.
    await expect(e.client.send(new StartModelCommand({ ProjectName: PROJECT, ModelVersion: '1', MinInferenceUnits: 9 }))).rejects.toMatchObject({
      name: 'ConflictException',
    });
    expect((await describeModel(e.client, PROJECT, other)).Status).toBe('TRAINED');

    await hostedModel(e.client, PROJECT, other, { min: 1, max: 2 });
    expect(await peakUnitsUnderLoad('1')).toBe(2);
    expect(await peakUnitsUnderLoad(other)).toBe(1);

    await e.client.send(new StopModelCommand({ ProjectName: PROJECT, ModelVersion: other }));
    await settledModel(e.client, PROJECT, other);
    expect(await peakUnitsUnderLoad('1')).toBe(3);
    await e.client.send(new StopModelCommand({ ProjectName: PROJECT, ModelVersion: '1' }));
    await settledModel(e.client, PROJECT, '1');
  }, 60_000);
});

describe('detections waiting for a unit', () => {
  it('are answered ThrottlingException with Retry-After past detectionQueueTimeoutMs, and leave the queue', async () => {
    await restart({ detectionQueueTimeoutMs: 100 });
    await hostedModel(e.client, PROJECT, '1', { min: 1, max: 1 });
    const outcomes = await Promise.all(Array.from({ length: 16 }, () => detect('1').then(() => 'ok', (error: { name: string; RetryAfterSeconds?: number }) => error)));
    const throttled = outcomes.filter((o) => o !== 'ok');
    expect(outcomes).toContain('ok');
    expect(throttled.length).toBeGreaterThan(0);
    for (const error of throttled) expect(error).toMatchObject({ name: 'ThrottlingException', RetryAfterSeconds: 1, message: expect.stringMatching(/waited 0.1 s/) });
    expect(e.engine.context.runtime.queuedDetections(PROJECT, 1)).toBe(0);
    expect((await detect('1')).DetectAnomalyResult?.Source?.Type).toBe('direct');
  }, 60_000);

  it('are dropped from the queue when their client disconnects', async () => {
    await restart({});
    await settledModel(e.client, PROJECT, '1');
    const { runtime } = e.engine.context;
    const clients = Array.from({ length: 16 }, () => new AbortController());
    const requests = clients.map((c) => detect('1', c.signal).then(() => 'answered', (error: Error) => error.name));
    // One runs in the only unit; the rest wait behind it, far longer than the test's patience below.
    await waitFor(() => Promise.resolve(runtime.queuedDetections(PROJECT, 1)), (n) => n >= 12, 5_000);
    for (const c of clients) c.abort();
    await waitFor(() => Promise.resolve(runtime.queuedDetections(PROJECT, 1)), (n) => n === 0, 150);
    const outcomes = await Promise.all(requests);
    expect(outcomes.filter((o) => o === 'AbortError').length).toBeGreaterThanOrEqual(12);
    expect(outcomes.filter((o) => o !== 'answered' && o !== 'AbortError')).toEqual([]);
    expect((await detect('1')).DetectAnomalyResult?.Source?.Type).toBe('direct');
    expect(e.logged).toEqual([]);
  }, 60_000);
});
