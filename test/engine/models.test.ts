import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DeleteModelCommand,
  DeleteProjectCommand,
  DescribeModelCommand,
  DetectAnomaliesCommand,
  ListModelsCommand,
  ListTagsForResourceCommand,
  StartModelCommand,
  StopModelCommand,
  type LookoutVisionClient,
  type ModelDescription,
} from '@aws-sdk/client-lookoutvision';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageSyntheticSet } from '../../src/demo/synthetic-dataset';
import { DEFECT_COLOR, syntheticPart } from '../../src/demo/synthetic-parts';
import { startEngine, waitFor, type RunningEngine } from '../support/engine-harness';
import { makeImage } from '../support/images';

let e: RunningEngine;
let client: LookoutVisionClient;
const OUTPUT = { S3Location: { Bucket: 'model-output', Prefix: 'runs/' } };

const describeModel = (version: string, project = 'parts') =>
  client.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: version })).then((o) => o.ModelDescription as ModelDescription);
const settledModel = (version: string, project = 'parts') =>
  waitFor(() => describeModel(version, project), (m) => !['TRAINING', 'STARTING_HOSTING', 'STOPPING_HOSTING', 'DELETING'].includes(m.Status ?? ''), 90_000);
const detect = (body: Buffer, contentType = 'image/png', version = '1') =>
  client.send(new DetectAnomaliesCommand({ ProjectName: 'parts', ModelVersion: version, Body: body, ContentType: contentType }));

async function datasetFrom(project: string, options: Parameters<typeof stageSyntheticSet>[1], type: 'train' | 'test' = 'train') {
  const { bucket, key } = await stageSyntheticSet(e.dataDir, options);
  await client.send(new CreateDatasetCommand({ ProjectName: project, DatasetType: type, DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: key } } } }));
  await e.engine.context.importer.idle();
}

beforeAll(async () => {
  e = await startEngine({ runtime: { idleUnitMs: 400 } });
  client = e.client;
  await client.send(new CreateProjectCommand({ ProjectName: 'parts' }));
  await datasetFrom('parts', { normal: 20, anomaly: 10, masks: true, prefix: 'parts' });
}, 60_000);
afterAll(() => e.close());

describe('model lifecycle through the SDK', () => {
  it('trains version 1: TRAINING, then TRAINED with performance and evaluation files', async () => {
    const created = await client.send(new CreateModelCommand({ ProjectName: 'parts', OutputConfig: OUTPUT, Description: 'first', Tags: [{ Key: 'team', Value: 'qa' }] }));
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created.ModelMetadata).toMatchObject({ ModelVersion: '1', Status: 'TRAINING', ModelArn: 'arn:aws:lookoutvision:us-east-1:000000000000:model/parts/1' });
    for (const busy of [
      new StartModelCommand({ ProjectName: 'parts', ModelVersion: '1', MinInferenceUnits: 1 }),
      new StopModelCommand({ ProjectName: 'parts', ModelVersion: '1' }),
      new DeleteModelCommand({ ProjectName: 'parts', ModelVersion: '1' }),
    ]) {
      await expect(client.send(busy as never)).rejects.toMatchObject({ name: 'ConflictException', ResourceType: 'MODEL', ResourceId: 'parts/1' });
    }
    const trained = await settledModel('1');
    expect(trained.Status, trained.StatusMessage).toBe('TRAINED');
    expect(trained.Performance?.F1Score).toBeGreaterThan(0.8);
    expect(trained.EvaluationResult).toEqual({ Bucket: 'model-output', Key: 'runs/EvaluationResult-parts-1.json' });
    expect(trained.EvaluationManifest).toEqual({ Bucket: 'model-output', Key: 'runs/EvaluationManifest-parts-1.json' });
    const evaluation = JSON.parse(readFileSync(join(e.dataDir, 's3', 'model-output', 'runs/EvaluationResult-parts-1.json'), 'utf8'));
    const { Metrics } = evaluation.AggregatedEvaluationResults;
    const { ConfusionMatrix } = evaluation;
    expect(Metrics.ROCAUC).toBeGreaterThan(0.5);
    expect(Metrics.ROCAUC).toBeLessThanOrEqual(1);
    expect(Metrics.Precision).toBe(trained.Performance?.Precision);
    const counted = ConfusionMatrix.TruePositives + ConfusionMatrix.FalsePositives + ConfusionMatrix.TrueNegatives + ConfusionMatrix.FalseNegatives;
    expect(counted).toBe(evaluation.EvaluationDetails.NumberOfTestingImages);
    expect(evaluation.EvaluationDetails.ModelArn).toBe(trained.ModelArn);
    expect((await describeModel('latest')).ModelVersion).toBe('1');
    expect((await client.send(new ListModelsCommand({ ProjectName: 'parts' }))).Models?.map((m) => [m.ModelVersion, m.Status])).toEqual([['1', 'TRAINED']]);
    expect((await client.send(new ListTagsForResourceCommand({ ResourceArn: trained.ModelArn }))).Tags).toEqual([{ Key: 'team', Value: 'qa' }]);
  }, 120_000);

  it('refuses every call in the wrong state with ConflictException (ResourceType MODEL)', async () => {
    const conflict = { name: 'ConflictException', ResourceType: 'MODEL', $metadata: { httpStatusCode: 409 } };
    await expect(client.send(new StopModelCommand({ ProjectName: 'parts', ModelVersion: '1' }))).rejects.toMatchObject(conflict);
    await expect(detect((await syntheticPart('normal', 900)).png)).rejects.toMatchObject(conflict);
    await expect(client.send(new DeleteProjectCommand({ ProjectName: 'parts' }))).rejects.toMatchObject({ name: 'ConflictException', ResourceType: 'PROJECT' });
  });

  it('hosts the model and detects: normal, anomalous with a mask, and refuses bad images', async () => {
    const started = await client.send(new StartModelCommand({ ProjectName: 'parts', ModelVersion: '1', MinInferenceUnits: 1, MaxInferenceUnits: 2 }));
    expect(started).toMatchObject({ Status: 'STARTING_HOSTING', $metadata: { httpStatusCode: 202 } });
    const hosted = await settledModel('1');
    expect(hosted).toMatchObject({ Status: 'HOSTED', MinInferenceUnits: 1, MaxInferenceUnits: 2 });
    await expect(client.send(new StartModelCommand({ ProjectName: 'parts', ModelVersion: '1', MinInferenceUnits: 1 }))).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(client.send(new DeleteModelCommand({ ProjectName: 'parts', ModelVersion: '1' }))).rejects.toMatchObject({ name: 'ConflictException' });

    let normalsRight = 0;
    for (let i = 0; i < 6; i++) if (!(await detect((await syntheticPart('normal', 1000 + i)).png)).DetectAnomalyResult?.IsAnomalous) normalsRight++;
    expect(normalsRight).toBeGreaterThanOrEqual(5);

    const anomalous = (await detect((await syntheticPart('anomaly', 1001)).png)).DetectAnomalyResult!;
    expect(anomalous.IsAnomalous).toBe(true);
    expect(anomalous.Confidence).toBeGreaterThan(0.5);
    expect(anomalous.Confidence).toBeLessThanOrEqual(1);
    expect(anomalous.Source).toEqual({ Type: 'direct' });
    expect(anomalous.Anomalies?.[0]).toMatchObject({ Name: 'background', PixelAnomaly: { Color: '#FFFFFF' } });
    expect(anomalous.Anomalies?.[1]).toMatchObject({ Name: 'scratch', PixelAnomaly: { Color: DEFECT_COLOR } });
    const total = anomalous.Anomalies!.reduce((sum, a) => sum + a.PixelAnomaly!.TotalPercentageArea!, 0);
    expect(total).toBeCloseTo(1, 3);
    const mask = await sharp(Buffer.from(anomalous.AnomalyMask!)).raw().toBuffer({ resolveWithObject: true });
    expect(mask.info).toMatchObject({ width: 128, height: 128, format: 'raw' });
    const colours = new Set<string>();
    for (let i = 0; i < mask.data.length; i += mask.info.channels) colours.add(mask.data.subarray(i, i + 3).toString('hex'));
    expect([...colours].sort()).toEqual(['e31a1c', 'ffffff']);

    const jpeg = await sharp((await syntheticPart('normal', 1100)).png).jpeg().toBuffer();
    expect((await detect(jpeg, 'image/jpeg')).DetectAnomalyResult?.Source?.Type).toBe('direct');

    await expect(detect(await makeImage('png', 96, 128))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/96x128.*128x128/) });
    await expect(detect(Buffer.from('not an image'), 'image/png')).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(detect((await syntheticPart('normal', 1)).png, 'image/gif')).rejects.toMatchObject({ name: 'ValidationException' });
    const truncated = (await syntheticPart('normal', 2)).png.subarray(0, 200);
    await expect(detect(truncated)).rejects.toMatchObject({ name: 'ValidationException' });
  }, 120_000);

  it('adds inference units while requests queue, up to the maximum, and retires them when idle', async () => {
    const image = (await syntheticPart('normal', 77)).png;
    expect(e.engine.context.runtime.unitsOf('parts', 1)).toBe(1);
    let peak = 0;
    const load = Array.from({ length: 24 }, () =>
      detect(image).then(() => {
        peak = Math.max(peak, e.engine.context.runtime.unitsOf('parts', 1));
      }),
    );
    await Promise.all(load);
    expect(peak).toBe(2);
    await waitFor(() => Promise.resolve(e.engine.context.runtime.unitsOf('parts', 1)), (n) => n === 1, 10_000);
  }, 60_000);

  it('stops hosting: STOPPING_HOSTING, then TRAINED, and detection is refused', async () => {
    const stopped = await client.send(new StopModelCommand({ ProjectName: 'parts', ModelVersion: '1' }));
    expect(stopped.Status).toBe('STOPPING_HOSTING');
    expect((await settledModel('1')).Status).toBe('TRAINED');
    expect(e.engine.context.runtime.unitsOf('parts', 1)).toBe(0);
    await expect(detect((await syntheticPart('normal', 5)).png)).rejects.toMatchObject({ name: 'ConflictException' });
  });

  it('validates CreateModel and StartModel input', async () => {
    await expect(client.send(new CreateModelCommand({ ProjectName: 'parts' } as never))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new CreateModelCommand({ ProjectName: 'parts', OutputConfig: OUTPUT, Description: 'has spaces!' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(client.send(new StartModelCommand({ ProjectName: 'parts', ModelVersion: '1', MinInferenceUnits: 2, MaxInferenceUnits: 1 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(client.send(new StartModelCommand({ ProjectName: 'parts', ModelVersion: '1', MinInferenceUnits: 1, MaxInferenceUnits: 99 }))).rejects.toMatchObject({
      name: 'ServiceQuotaExceededException',
    });
    await expect(client.send(new DescribeModelCommand({ ProjectName: 'parts', ModelVersion: '7' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'MODEL',
    });
    await client.send(new CreateProjectCommand({ ProjectName: 'small' }));
    await datasetFrom('small', { normal: 5, anomaly: 2, masks: false, prefix: 'small' });
    await expect(client.send(new CreateModelCommand({ ProjectName: 'small', OutputConfig: OUTPUT }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/at least 20 normal and 10 anomalous/),
    });
  });

  it('deletes a model: DELETING, then gone; versions keep counting', async () => {
    const deleted = await client.send(new DeleteModelCommand({ ProjectName: 'parts', ModelVersion: '1' }));
    expect(deleted).toMatchObject({ ModelArn: 'arn:aws:lookoutvision:us-east-1:000000000000:model/parts/1', $metadata: { httpStatusCode: 202 } });
    await waitFor(() => describeModel('1').then(() => false, (err) => err.name === 'ResourceNotFoundException'), (gone) => gone);
    expect(existsSync(join(e.dataDir, 'models', 'parts', '1'))).toBe(false);
    const next = await client.send(new CreateModelCommand({ ProjectName: 'parts', OutputConfig: OUTPUT }));
    expect(next.ModelMetadata?.ModelVersion).toBe('2');
    await settledModel('2');
  }, 120_000);
});

describe('a classification model', () => {
  it('answers without Anomalies or AnomalyMask', async () => {
    await client.send(new CreateProjectCommand({ ProjectName: 'plain' }));
    await datasetFrom('plain', { normal: 20, anomaly: 10, masks: false, prefix: 'plain', firstSeed: 500 });
    await client.send(new CreateModelCommand({ ProjectName: 'plain', OutputConfig: OUTPUT }));
    expect((await settledModel('1', 'plain')).Status).toBe('TRAINED');
    expect(JSON.parse(readFileSync(join(e.engine.context.runtime.modelDir('plain', 1), 'model.json'), 'utf8')).segmentation).toBeNull();
    // Without a test dataset, the evaluation manifest lists the training images the trainer held out in turn: all 30.
    const manifest = readFileSync(join(e.dataDir, 's3', 'model-output', 'runs/EvaluationManifest-plain-1.json'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(manifest).toHaveLength(30);
    expect(manifest.filter((l) => l['anomaly-label'] === 1)).toHaveLength(10);
    expect(manifest.every((l) => l['source-ref'].startsWith('s3://lookout-demo/plain/') && [0, 1].includes(l['anomaly-label-detected']))).toBe(true);
    await client.send(new StartModelCommand({ ProjectName: 'plain', ModelVersion: '1', MinInferenceUnits: 1 }));
    expect((await settledModel('1', 'plain')).Status).toBe('HOSTED');
    const result = (await client.send(new DetectAnomaliesCommand({ ProjectName: 'plain', ModelVersion: '1', Body: (await syntheticPart('anomaly', 3)).png, ContentType: 'image/png' })))
      .DetectAnomalyResult!;
    expect(result.IsAnomalous).toBe(true);
    expect(result.Anomalies).toBeUndefined();
    expect(result.AnomalyMask).toBeUndefined();
  }, 120_000);
});

describe('a model whose hosting failed', () => {
  it('can be started again once what failed is mended', async () => {
    await client.send(new StopModelCommand({ ProjectName: 'plain', ModelVersion: '1' }));
    expect((await settledModel('1', 'plain')).Status).toBe('TRAINED');
    const files = e.engine.context.runtime.modelDir('plain', 1);
    renameSync(join(files, 'model.json'), join(files, 'model.json.aside'));
    await client.send(new StartModelCommand({ ProjectName: 'plain', ModelVersion: '1', MinInferenceUnits: 1 }));
    expect(await settledModel('1', 'plain')).toMatchObject({ Status: 'HOSTING_FAILED', StatusMessage: 'The model could not be loaded.' });
    await expect(client.send(new StopModelCommand({ ProjectName: 'plain', ModelVersion: '1' }))).rejects.toMatchObject({ name: 'ConflictException' });

    renameSync(join(files, 'model.json.aside'), join(files, 'model.json'));
    await client.send(new StartModelCommand({ ProjectName: 'plain', ModelVersion: '1', MinInferenceUnits: 1 }));
    expect((await settledModel('1', 'plain')).Status).toBe('HOSTED');
    const result = await client.send(new DetectAnomaliesCommand({ ProjectName: 'plain', ModelVersion: '1', Body: (await syntheticPart('anomaly', 3)).png, ContentType: 'image/png' }));
    expect(result.DetectAnomalyResult?.IsAnomalous).toBe(true);
  }, 120_000);
});

describe('state across restarts', () => {
  it('hosts a model again after a restart of the engine', async () => {
    const dataDir = e.dataDir;
    await client.send(new StartModelCommand({ ProjectName: 'parts', ModelVersion: '2', MinInferenceUnits: 1 }));
    expect((await settledModel('2')).Status).toBe('HOSTED');
    await e.close({ removeData: false });

    e = await startEngine({ dataDir, runtime: { idleUnitMs: 400 } });
    client = e.client;
    const after = await settledModel('2');
    expect(after).toMatchObject({ Status: 'HOSTED', MinInferenceUnits: 1 });
    expect((await detect((await syntheticPart('anomaly', 4242)).png, 'image/png', '2')).DetectAnomalyResult?.IsAnomalous).toBe(true);
  }, 120_000);
});
