import { CreateDatasetCommand, CreateModelCommand, DescribeDatasetCommand } from '@aws-sdk/client-lookoutvision';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareModelVersionsDocument, type CompareModelVersionsQuery } from '../src/client/generated/graphql';
import { stageSyntheticSet } from '../src/demo/synthetic-dataset';
import { startEngine, waitFor, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';
import { OUTPUT_CONFIG, projectWithDataset, trainedModel } from './support/model-fixtures';

// Versions compared side by side through GraphQL: each version's evaluation
// is read from the result file its training wrote, through the engine's S3
// API, signed with the credentials the gateway's Lookout client has.
const PROJECT = 'press-4';

let engine: RunningEngine;
let gw: RunningGateway;
let v1: string;
let v2: string;

type Version = CompareModelVersionsQuery['modelVersions'][number];

beforeAll(async () => {
  engine = await startEngine({ credentials: new Map([['AKIDEVALUATION', 'evaluation-secret-0123456789']]) });
  // Version 1 is measured on held-out training images; version 2 on a test dataset added before it trained.
  await projectWithDataset(engine.client, engine.dataDir, PROJECT);
  v1 = await trainedModel(engine.client, PROJECT);
  const test = await stageSyntheticSet(engine.dataDir, { normal: 10, anomaly: 10, masks: false, prefix: `${PROJECT}-test`, firstSeed: 300 });
  await engine.client.send(new CreateDatasetCommand({ ProjectName: PROJECT, DatasetType: 'test', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: test.bucket, Key: test.key } } } }));
  await waitFor(() => engine.client.send(new DescribeDatasetCommand({ ProjectName: PROJECT, DatasetType: 'test' })).then((o) => o.DatasetDescription!.Status), (s) => s !== 'CREATE_IN_PROGRESS', 60_000);
  v2 = await trainedModel(engine.client, PROJECT);
  gw = await startGateway(engine.client);
}, 240_000);
afterAll(async () => {
  await gw?.close();
  await engine?.close();
});

const manifestThreshold = (version: string): number =>
  JSON.parse(readFileSync(join(engine.engine.context.runtime.modelDir(PROJECT, Number(version)), 'model.json'), 'utf8')).threshold;

const compare = async () => {
  const res = await gw.client.request(CompareModelVersionsDocument, { project: PROJECT });
  return { res, byVersion: new Map((res.data?.modelVersions ?? []).map((m) => [m.version, m])) };
};

function expectPlausible(model: Version, imagesTested: number): void {
  const evaluation = model.evaluation!;
  expect(evaluation).not.toBeNull();
  expect(evaluation.imagesTested).toBe(imagesTested);
  const { tp, fp, tn, fn } = evaluation.confusion!;
  expect(tp + fp + tn + fn).toBe(imagesTested);
  for (const figure of [evaluation.rocAuc!, evaluation.averagePrecision!]) {
    expect(figure).toBeGreaterThanOrEqual(0);
    expect(figure).toBeLessThanOrEqual(1);
  }
  // The synthetic scratches are easy: a trained detector ranks them well above chance.
  expect(evaluation.rocAuc).toBeGreaterThan(0.7);
  expect(evaluation.threshold).toBe(manifestThreshold(model.version));
  // Performance (from DescribeModel) and the counts (from S3) describe the same evaluation.
  expect(model.performance?.precision).toBeCloseTo(tp + fp === 0 ? 0 : tp / (tp + fp), 10);
  expect(model.performance?.recall).toBeCloseTo(tp + fn === 0 ? 0 : tp / (tp + fn), 10);
  expect(Date.parse(evaluation.evaluatedAt!)).not.toBeNaN();
}

describe('ModelVersion.evaluation', () => {
  it('compares two versions side by side with the figures their trainings wrote', async () => {
    const { res, byVersion } = await compare();
    expect(res.errors).toBeUndefined();
    expectPlausible(byVersion.get(v1)!, 30); // all 30 training images, held out in turn
    expectPlausible(byVersion.get(v2)!, 20); // the test dataset
  });

  it('is null for a version still training', async () => {
    const training = (await engine.client.send(new CreateModelCommand({ ProjectName: PROJECT, OutputConfig: OUTPUT_CONFIG }))).ModelMetadata!.ModelVersion!;
    const { res, byVersion } = await compare();
    expect(res.errors).toBeUndefined();
    expect(byVersion.get(training)).toMatchObject({ status: 'TRAINING', evaluation: null });
  });

  it('reads a result as Amazon Lookout wrote it, without the engine\'s threshold and counts: those are null', async () => {
    const key = `${OUTPUT_CONFIG.S3Location.Prefix}EvaluationResult-${PROJECT}-${v2}.json`;
    const file = join(engine.dataDir, 's3', OUTPUT_CONFIG.S3Location.Bucket, key);
    const engineResult = readFileSync(file);
    try {
      const lookout = {
        Version: 1,
        EvaluationDetails: { ModelArn: 'arn:aws:lookoutvision:us-east-1:123456789012:model/press-4/2', EvaluationEndTimestamp: '2024-05-01T12:00:00Z', NumberOfTrainingImages: 30, NumberOfTestingImages: 20 },
        AggregatedEvaluationResults: { Metrics: { ROCAUC: 0.97, AveragePrecision: 0.95, Precision: 0.9, Recall: 0.9, F1Score: 0.9 } },
      };
      writeFileSync(file, JSON.stringify(lookout));
      const { res, byVersion } = await compare();
      expect(res.errors).toBeUndefined();
      expect(byVersion.get(v2)?.evaluation).toMatchObject({ threshold: null, rocAuc: 0.97, averagePrecision: 0.95, confusion: null, imagesTested: 20 });
    } finally {
      writeFileSync(file, engineResult);
    }
  });

  it('answers NOT_FOUND for a version whose result file is gone from S3, and the other versions still', async () => {
    const { res: before } = await compare();
    const key = `${OUTPUT_CONFIG.S3Location.Prefix}EvaluationResult-${PROJECT}-${v1}.json`;
    rmSync(join(engine.dataDir, 's3', OUTPUT_CONFIG.S3Location.Bucket, key));
    const { res, byVersion } = await compare();
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(res.errors?.[0]).toMatchObject({ message: `S3 no longer has the evaluation result of model version ${v1} of project ${PROJECT}.`, path: ['modelVersions', 0, 'evaluation'] });
    expect(byVersion.get(v1)?.evaluation).toBeNull();
    expect(byVersion.get(v2)?.evaluation).toEqual(before.data?.modelVersions.find((m) => m.version === v2)?.evaluation);
  });
});
