import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeEvaluation } from '../../src/engine/detector/evaluation-summary';
import { averagePrecision } from '../../src/engine/detector/thresholds';
import type { ImageEvaluation, TrainingResult } from '../../src/engine/detector/trainer';
import { writeEvaluation } from '../../src/engine/models/evaluation-output';

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

  it('is written with the members of Lookout\'s evaluation result, the confusion counts and the threshold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evaluation-'));
    try {
      const files = { manifest: join(dir, 'evaluation-manifest.jsonl'), result: join(dir, 'evaluation-result.json') };
      const performance = { F1Score: 0.5, Precision: 0.5, Recall: 0.5 };
      const result = {
        artifact: { manifest: { threshold: 2.5, performance, imageWidth: 64, imageHeight: 64, segmentation: null, training: { normal: 20, anomaly: 10, testNormal: 0, testAnomaly: 0, seconds: 1 } } },
        evaluation: [image('normal', 1), image('normal', 3), image('anomaly', 2), image('anomaly', 4)],
        summary: { confusion: { tp: 1, fp: 1, tn: 1, fn: 1 }, imagesTested: 4, rocAuc: 0.75, averagePrecision: 5 / 6 },
      } as unknown as TrainingResult;
      writeEvaluation({ modelVersion: 2, modelArn: 'arn:aws:lookoutvision:us-east-1:000000000000:model/p/2', keys: { manifest: 'm', result: 'r' }, files }, result, new Date('2026-01-02T03:04:05Z'));
      expect(JSON.parse(readFileSync(files.result, 'utf8'))).toMatchObject({
        Version: 1,
        EvaluationDetails: { ModelArn: 'arn:aws:lookoutvision:us-east-1:000000000000:model/p/2', EvaluationEndTimestamp: '2026-01-02T03:04:05.000Z', NumberOfTrainingImages: 30, NumberOfTestingImages: 4 },
        AggregatedEvaluationResults: {
          Metrics: { ROCAUC: 0.75, AveragePrecision: 5 / 6, Precision: 0.5, Recall: 0.5, F1Score: 0.5 },
          ConfusionMatrix: { TruePositives: 1, FalsePositives: 1, TrueNegatives: 1, FalseNegatives: 1 },
        },
        ModelVersion: '2',
        Performance: performance,
        Threshold: 2.5,
      });
      expect(readFileSync(files.manifest, 'utf8').trim().split('\n')).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
