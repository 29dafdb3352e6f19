import { CreateDatasetCommand, CreateModelCommand, CreateProjectCommand, ListModelsCommand, type ModelDescription } from '@aws-sdk/client-lookoutvision';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageSyntheticSet } from '../../src/demo/synthetic-dataset';
import { evaluationKeys, evaluationKeysProblem, keyUnderPrefix } from '../../src/engine/models/evaluation-output';
import { s3ClientLike } from '../../src/server/s3-client';
import { startEngine, type RunningEngine } from '../support/engine-harness';
import { projectWithDataset, settledModel } from '../support/model-fixtures';

// Lookout's evaluation files, written by a real training and read back over
// the engine's S3 API with the S3 SDK client, where DescribeModel says they are.
const PROJECT = 'gasket';
const BUCKET = 'eval-out';

describe('joining an OutputConfig prefix and a name', () => {
  it('puts exactly one / between a non-empty prefix and the name', () => {
    expect(keyUnderPrefix('out', 'EvaluationResult-p-1.json')).toBe('out/EvaluationResult-p-1.json');
    expect(keyUnderPrefix('out/', 'EvaluationResult-p-1.json')).toBe('out/EvaluationResult-p-1.json');
    expect(keyUnderPrefix('out//', 'EvaluationResult-p-1.json')).toBe('out/EvaluationResult-p-1.json');
    expect(keyUnderPrefix('a/b', 'x')).toBe('a/b/x');
    expect(keyUnderPrefix('', 'EvaluationResult-p-1.json')).toBe('EvaluationResult-p-1.json');
    expect(keyUnderPrefix(null, 'x')).toBe('x');
    expect(keyUnderPrefix(undefined, 'x')).toBe('x');
  });

  it('names the files as Lookout did', () => {
    expect(evaluationKeys('my-sdk-project', 1, 'my-sdk-project-model-output/')).toEqual({
      manifest: 'my-sdk-project-model-output/EvaluationManifest-my-sdk-project-1.json',
      result: 'my-sdk-project-model-output/EvaluationResult-my-sdk-project-1.json',
    });
    expect(evaluationKeys('p', 12, null)).toEqual({ manifest: 'EvaluationManifest-p-12.json', result: 'EvaluationResult-p-12.json' });
  });
});

let e: RunningEngine;
let s3: S3Client;
/** Each dataset line as written to the manifests, by source-ref. */
const originalLines = new Map<string, Record<string, unknown>>();
const testRefs = new Set<string>();

/** Stages a synthetic set, adds a member of the user's own to every line, and creates the dataset from it. */
async function dataset(type: 'train' | 'test', options: Parameters<typeof stageSyntheticSet>[1]): Promise<void> {
  const { bucket, key } = await stageSyntheticSet(e.dataDir, options);
  const file = join(e.dataDir, 's3', bucket, key);
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l, i): Record<string, unknown> => ({ ...(JSON.parse(l) as Record<string, unknown>), 'station-metadata': { line: 3, camera: `cam-${type}`, index: i } }));
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  for (const line of lines) {
    originalLines.set(line['source-ref'] as string, line);
    if (type === 'test') testRefs.add(line['source-ref'] as string);
  }
  await e.client.send(new CreateDatasetCommand({ ProjectName: PROJECT, DatasetType: type, DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: key } } } }));
  await e.engine.context.importer.idle();
}

async function train(prefix: string): Promise<ModelDescription> {
  const created = await e.client.send(new CreateModelCommand({ ProjectName: PROJECT, OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: prefix } } }));
  const model = await settledModel(e.client, PROJECT, created.ModelMetadata!.ModelVersion!, 120_000);
  expect(model.Status, model.StatusMessage).toBe('TRAINED');
  return model;
}

async function read(location: { Bucket?: string; Key?: string } | undefined): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: location!.Bucket, Key: location!.Key }));
  return object.Body!.transformToString('utf8');
}

beforeAll(async () => {
  e = await startEngine();
  s3 = s3ClientLike(e.client);
  await e.client.send(new CreateProjectCommand({ ProjectName: PROJECT }));
  await dataset('train', { normal: 20, anomaly: 10, masks: true, prefix: `${PROJECT}-train` });
  await dataset('test', { normal: 10, anomaly: 10, masks: true, prefix: `${PROJECT}-test`, firstSeed: 400 });
}, 120_000);
afterAll(() => e?.close());

describe('the evaluation files of a training', () => {
  it.each([
    ['out', '1'],
    ['out/', '2'],
  ])('are EvaluationResult and EvaluationManifest directly under prefix %s, as Lookout wrote them', async (prefix, version) => {
    const model = await train(prefix);
    expect(model.ModelVersion).toBe(version);
    expect(model.EvaluationResult).toEqual({ Bucket: BUCKET, Key: `out/EvaluationResult-${PROJECT}-${version}.json` });
    expect(model.EvaluationManifest).toEqual({ Bucket: BUCKET, Key: `out/EvaluationManifest-${PROJECT}-${version}.json` });

    // The result: Lookout's members exactly, and the engine's threshold and counts beside them.
    const result = JSON.parse(await read(model.EvaluationResult));
    expect(Object.keys(result).sort()).toEqual(['AggregatedEvaluationResults', 'ConfusionMatrix', 'EvaluationDetails', 'Threshold', 'Version']);
    expect(result.Version).toBe(1);
    expect(result.EvaluationDetails).toEqual({
      ModelArn: model.ModelArn,
      EvaluationEndTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      NumberOfTrainingImages: 30,
      NumberOfTestingImages: 20,
    });
    expect(Object.keys(result.AggregatedEvaluationResults)).toEqual(['Metrics']);
    const { Metrics } = result.AggregatedEvaluationResults;
    expect(Object.keys(Metrics).sort()).toEqual(['AveragePrecision', 'F1Score', 'Precision', 'ROCAUC', 'Recall']);
    for (const figure of Object.values(Metrics)) expect(figure).toEqual(expect.any(Number));
    expect(Metrics.ROCAUC).toBeGreaterThan(0.7);
    expect({ F1Score: Metrics.F1Score, Precision: Metrics.Precision, Recall: Metrics.Recall }).toEqual(model.Performance);
    expect(typeof result.Threshold).toBe('number');
    const { TruePositives: tp, FalsePositives: fp, TrueNegatives: tn, FalseNegatives: fn } = result.ConfusionMatrix;
    expect(tp + fp + tn + fn).toBe(20);
    expect(Metrics.Precision).toBeCloseTo(tp + fp === 0 ? 0 : tp / (tp + fp), 10);

    // The manifest: one line per test image, none of the training images, each its own line plus the verdict.
    const text = await read(model.EvaluationManifest);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(lines.map((l) => l['source-ref']))).toEqual(testRefs);
    expect(lines).toHaveLength(testRefs.size);
    let right = 0;
    for (const line of lines) {
      const original = originalLines.get(line['source-ref'] as string)!;
      const { 'anomaly-label-detected': detected, 'anomaly-label-detected-metadata': metadata, ...rest } = line;
      expect(rest).toEqual(original);
      expect(Object.keys(line).slice(0, Object.keys(original).length)).toEqual(Object.keys(original));
      expect(original['anomaly-mask-ref'] === undefined || rest['anomaly-mask-ref'] === original['anomaly-mask-ref']).toBe(true);
      expect([0, 1]).toContain(detected);
      expect(metadata).toEqual({
        'class-name': detected === 1 ? 'anomaly' : 'normal',
        confidence: expect.any(Number),
        type: 'groundtruth/image-classification',
        'human-annotated': 'no',
        'creation-date': result.EvaluationDetails.EvaluationEndTimestamp,
        'job-name': 'training-job/anomaly-detection',
        'model-arn': model.ModelArn,
        'project-name': PROJECT,
        'model-version': version,
      });
      const { confidence } = metadata as { confidence: number };
      expect(confidence).toBeGreaterThanOrEqual(0.5);
      expect(confidence).toBeLessThanOrEqual(1);
      if (detected === original['anomaly-label']) right++;
    }
    // The verdicts are the ones the counts were made of.
    expect(right).toBe(tp + tn);
  }, 150_000);

  it('refuses CreateModel for a project name too long for Lookout\'s file names, saying so, before any training', async () => {
    const project = `p${'x'.repeat(239)}`;
    await projectWithDataset(e.client, e.dataDir, project);
    await expect(e.client.send(new CreateModelCommand({ ProjectName: project, OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: 'out' } } }))).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        'The project name is too long for the model\'s evaluation files: EvaluationManifest-<project>-<version>.json would be a name of 266 characters, ' +
        'and the engine stores names of at most 255. Use a project name of at most 229 characters.',
    });
    const { Models } = await e.client.send(new ListModelsCommand({ ProjectName: project }));
    expect(Models).toEqual([]);
    expect(evaluationKeysProblem('p'.repeat(229), 1)).toBeNull();
    expect(evaluationKeysProblem('p'.repeat(230), 1)).toMatch(/at most 229 characters/);
    expect(evaluationKeysProblem('p'.repeat(228), 10)).toBeNull();
    expect(evaluationKeysProblem('p'.repeat(229), 10)).toMatch(/at most 228 characters/);
  }, 60_000);

  it('keeps both versions\' files side by side under the one prefix', async () => {
    for (const version of ['1', '2']) {
      const result = JSON.parse(await read({ Bucket: BUCKET, Key: `out/EvaluationResult-${PROJECT}-${version}.json` }));
      expect(result.EvaluationDetails.ModelArn).toBe(e.engine.context.arns.model(PROJECT, version));
    }
  });
});
