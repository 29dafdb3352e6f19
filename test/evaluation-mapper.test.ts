import { describe, expect, it } from 'vitest';
import { toModelEvaluation } from '../src/services/evaluation-mapper';

describe('an evaluation result file as ModelEvaluation', () => {
  const engineFigures = {
    threshold: 1.25,
    rocAuc: 0.96,
    averagePrecision: 0.91,
    confusion: { tp: 4, fp: 1, tn: 9, fn: 1 },
    imagesTested: 15,
    evaluatedAt: new Date('2026-03-01T10:00:00.000Z'),
  };

  it('reads the engine\'s result: Lookout\'s members, and its own threshold and confusion counts at the top level', () => {
    const result = {
      Version: 1,
      EvaluationDetails: {
        ModelArn: 'arn:aws:lookoutvision:us-east-1:000000000000:model/p/1',
        EvaluationEndTimestamp: '2026-03-01T10:00:00.000Z',
        NumberOfTrainingImages: 30,
        NumberOfTestingImages: 15,
      },
      AggregatedEvaluationResults: { Metrics: { ROCAUC: 0.96, AveragePrecision: 0.91, Precision: 0.8, Recall: 0.8, F1Score: 0.8 } },
      Threshold: 1.25,
      ConfusionMatrix: { TruePositives: 4, FalsePositives: 1, TrueNegatives: 9, FalseNegatives: 1 },
    };
    expect(toModelEvaluation(result, undefined)).toEqual(engineFigures);
  });

  it('reads results the engine wrote before, with the confusion counts under AggregatedEvaluationResults', () => {
    const older = {
      Version: 1,
      EvaluationDetails: { EvaluationEndTimestamp: '2026-03-01T10:00:00.000Z', NumberOfTrainingImages: 30, NumberOfTestingImages: 15 },
      AggregatedEvaluationResults: {
        Metrics: { ROCAUC: 0.96, AveragePrecision: 0.91, Precision: 0.8, Recall: 0.8, F1Score: 0.8 },
        ConfusionMatrix: { TruePositives: 4, FalsePositives: 1, TrueNegatives: 9, FalseNegatives: 1 },
      },
      Threshold: 1.25,
    };
    expect(toModelEvaluation(older, undefined)).toEqual(engineFigures);
  });

  it('reads what Amazon Lookout wrote, which had no threshold nor counts, and prefers DescribeModel\'s end time', () => {
    const lookout = {
      Version: 1,
      EvaluationDetails: { ModelArn: 'arn:aws:lookoutvision:us-east-1:123456789012:model/my-sdk-project/1', EvaluationEndTimestamp: '2021-01-01T00:00:00Z', NumberOfTrainingImages: 20, NumberOfTestingImages: 10 },
      AggregatedEvaluationResults: { Metrics: { ROCAUC: 0.98, AveragePrecision: 0.97, Precision: 0.9, Recall: 1, F1Score: 0.95 } },
    };
    const described = new Date('2021-01-01T00:00:05Z');
    expect(toModelEvaluation(lookout, described)).toEqual({ threshold: null, rocAuc: 0.98, averagePrecision: 0.97, confusion: null, imagesTested: 10, evaluatedAt: described });
  });

  it('gives null, not a guess, for members missing or of the wrong kind', () => {
    const odd = {
      Threshold: 'high',
      EvaluationDetails: { NumberOfTestingImages: -3, EvaluationEndTimestamp: 'yesterday' },
      AggregatedEvaluationResults: { Metrics: { ROCAUC: 1.5, AveragePrecision: null }, ConfusionMatrix: { TruePositives: 1, FalsePositives: 0.5, TrueNegatives: 1, FalseNegatives: 0 } },
    };
    expect(toModelEvaluation(odd, undefined)).toEqual({ threshold: null, rocAuc: null, averagePrecision: null, confusion: null, imagesTested: null, evaluatedAt: null });
    expect(toModelEvaluation({ ConfusionMatrix: { TruePositives: 1, FalsePositives: 0, TrueNegatives: '1', FalseNegatives: 0 } }, undefined)).toMatchObject({ confusion: null });
    expect(toModelEvaluation([1, 2], undefined)).toMatchObject({ threshold: null, confusion: null });
    expect(toModelEvaluation(null, undefined)).toMatchObject({ rocAuc: null });
  });
});
