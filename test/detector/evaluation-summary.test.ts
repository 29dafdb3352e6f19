import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeEvaluation } from '../../src/engine/detector/evaluation-summary';
import { averagePrecision } from '../../src/engine/detector/thresholds';
import type { ImageEvaluation, TrainingResult } from '../../src/engine/detector/trainer';
import { writeEvaluation, type SourcedTrainingImage } from '../../src/engine/models/evaluation-output';

const image = (label: 'normal' | 'anomaly', score: number): ImageEvaluation => ({ image: `${label}-${score}`, label, score, predicted: score > 2.5 ? 'anomaly' : 'normal', confidence: 0.5 + Math.min(0.5, Math.abs(score - 2.5) / 10) });

describe('average precision', () => {
  it('is 1 for a perfect ranking, steps with each anomaly ranked below a normal image, and counts ties together', () => {
    expect(averagePrecision([1, 2], [3, 4])).toBe(1);
    expect(averagePrecision([1, 3], [2, 4])).toBeCloseTo(5 / 6, 10); // scikit-learn: 0.8333
    expect(averagePrecision([1], [1])).toBe(0.5);
    expect(averagePrecision([1, 2], [])).toBeNaN();
  });
});

describe('the evaluation summary', () => {
  it('has the confusion it was given, the images it counts, and threshold-free figures over the scores', () => {
    const evaluation = [image('normal', 1), image('normal', 3), image('anomaly', 2), image('anomaly', 4)];
    const confusion = { tp: 1, fp: 1, tn: 1, fn: 1 };
    expect(summarizeEvaluation(evaluation, confusion)).toEqual({ confusion, imagesTested: 4, rocAuc: 0.75, averagePrecision: expect.closeTo(5 / 6, 10) });
  });

  it('has no AUC or average precision without anomalous images', () => {
    const summary = summarizeEvaluation([image('normal', 1), image('normal', 2)], { tp: 0, fp: 0, tn: 2, fn: 0 });
    expect(summary).toMatchObject({ imagesTested: 2, rocAuc: null, averagePrecision: null });
  });

  it('is written as Lookout wrote it: its result members, the engine\'s threshold and counts, and a manifest line per evaluated image', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evaluation-'));
    try {
      const files = { manifest: join(dir, 'EvaluationManifest-p-2.json'), result: join(dir, 'EvaluationResult-p-2.json') };
      const performance = { F1Score: 0.5, Precision: 0.5, Recall: 0.5 };
      const evaluation = [image('normal', 1), image('normal', 3), image('anomaly', 2), image('anomaly', 4)];
      const result = {
        artifact: { manifest: { threshold: 2.5, performance, imageWidth: 64, imageHeight: 64, segmentation: null, training: { normal: 20, anomaly: 10, testNormal: 0, testAnomaly: 0, seconds: 1 } } },
        evaluation,
        summary: { confusion: { tp: 1, fp: 1, tn: 1, fn: 1 }, imagesTested: 4, rocAuc: 0.75, averagePrecision: 5 / 6 },
      } as unknown as TrainingResult;
      // Each evaluated image's dataset line, as the engine stores it; one image not evaluated.
      const lineOf = (name: string, label: 'normal' | 'anomaly') =>
        JSON.stringify({ 'source-ref': name, 'anomaly-label': label === 'anomaly' ? 1 : 0, 'anomaly-label-metadata': { 'class-name': label, 'human-annotated': 'yes' }, 'custom-member': name.length });
      const sourced = (name: string, label: 'normal' | 'anomaly'): SourcedTrainingImage => ({ file: `/x/${name}`, name, label, manifestLine: lineOf(name, label) });
      const train = [...evaluation.map((e) => sourced(e.image, e.label)), sourced('not-evaluated', 'normal')];
      const arn = 'arn:aws:lookoutvision:us-east-1:000000000000:model/p/2';
      const output = { project: 'p', modelVersion: 2, modelArn: arn, keys: { manifest: 'm', result: 'r' }, files };
      writeEvaluation(output, result, { train, test: [] }, new Date('2026-01-02T03:04:05Z'));

      expect(JSON.parse(readFileSync(files.result, 'utf8'))).toEqual({
        Version: 1,
        EvaluationDetails: { ModelArn: arn, EvaluationEndTimestamp: '2026-01-02T03:04:05.000Z', NumberOfTrainingImages: 30, NumberOfTestingImages: 4 },
        AggregatedEvaluationResults: { Metrics: { ROCAUC: 0.75, AveragePrecision: 5 / 6, Precision: 0.5, Recall: 0.5, F1Score: 0.5 } },
        Threshold: 2.5,
        ConfusionMatrix: { TruePositives: 1, FalsePositives: 1, TrueNegatives: 1, FalseNegatives: 1 },
      });

      const text = readFileSync(files.manifest, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l['source-ref'])).toEqual(evaluation.map((e) => e.image));
      lines.forEach((line, i) => {
        const { predicted, confidence, image: name, label } = evaluation[i];
        expect(line).toEqual({
          ...JSON.parse(lineOf(name, label)),
          'anomaly-label-detected': predicted === 'anomaly' ? 1 : 0,
          'anomaly-label-detected-metadata': {
            'class-name': predicted,
            confidence,
            type: 'groundtruth/image-classification',
            'human-annotated': 'no',
            'creation-date': '2026-01-02T03:04:05.000Z',
            'job-name': 'training-job/anomaly-detection',
            'model-arn': arn,
            'project-name': 'p',
            'model-version': '2',
          },
        });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
