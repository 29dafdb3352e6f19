import type { ConfusionCounts, ModelEvaluation } from '../schema/evaluation.type';

/*
 * An evaluation result file, as a training wrote it to S3, to the schema's
 * ModelEvaluation. Amazon Lookout's own result had `Version`,
 * `EvaluationDetails` and `AggregatedEvaluationResults.Metrics` (ROCAUC,
 * AveragePrecision, Precision, Recall, F1Score); the engine's adds
 * `Threshold` and `ConfusionMatrix` at the top level (results the engine
 * wrote before had the matrix under `AggregatedEvaluationResults`). A result
 * from Lookout itself has neither: threshold and confusion are then null.
 * The file is data from outside: a member that is missing or of the wrong
 * kind is null, never a guess.
 */

type Json = Record<string, unknown>;

export function toModelEvaluation(result: unknown, evaluatedAt: Date | undefined): ModelEvaluation {
  const aggregated = member(result, 'AggregatedEvaluationResults');
  const metrics = member(aggregated, 'Metrics');
  const details = member(result, 'EvaluationDetails');
  return {
    threshold: finite(member(result, 'Threshold')),
    rocAuc: fraction(member(metrics, 'ROCAUC')),
    averagePrecision: fraction(member(metrics, 'AveragePrecision')),
    confusion: toConfusion(member(result, 'ConfusionMatrix') ?? member(aggregated, 'ConfusionMatrix')),
    imagesTested: count(member(details, 'NumberOfTestingImages')),
    evaluatedAt: evaluatedAt ?? toDate(member(details, 'EvaluationEndTimestamp')),
  };
}

function toConfusion(matrix: unknown): ConfusionCounts | null {
  const [tp, fp, tn, fn] = ['TruePositives', 'FalsePositives', 'TrueNegatives', 'FalseNegatives'].map((name) => count(member(matrix, name)));
  return tp === null || fp === null || tn === null || fn === null ? null : { tp, fp, tn, fn };
}

function member(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json)[name] : undefined;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function fraction(value: unknown): number | null {
  const n = finite(value);
  return n !== null && n >= 0 && n <= 1 ? n : null;
}

function count(value: unknown): number | null {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : null;
}

function toDate(value: unknown): Date | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
