import type { ImageEvaluation } from './trainer';
import { auroc, averagePrecision, type Confusion } from './thresholds';

/** What a model's evaluation amounts to, beside precision, recall and F1 (the manifest's `performance`). */
export interface EvaluationSummary {
  /** The counts precision, recall and F1 were computed from; they sum to `imagesTested`. */
  confusion: Confusion;
  imagesTested: number;
  /** Threshold-free figures over the evaluated images' scores; null without both normal and anomalous images. */
  rocAuc: number | null;
  averagePrecision: number | null;
}

/**
 * The figures over the images the model was evaluated on: the test dataset,
 * or the held-out training images when there is none. `confusion` is passed
 * in because cross-validation counts it with per-fold thresholds, not the
 * final one each image's verdict carries.
 */
export function summarizeEvaluation(evaluation: ImageEvaluation[], confusion: Confusion): EvaluationSummary {
  const normal = evaluation.filter((e) => e.label === 'normal').map((e) => e.score);
  const anomaly = evaluation.filter((e) => e.label === 'anomaly').map((e) => e.score);
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  return {
    confusion,
    imagesTested: confusion.tp + confusion.fp + confusion.tn + confusion.fn,
    rocAuc: normal.length > 0 ? finite(auroc(normal, anomaly)) : null,
    averagePrecision: normal.length > 0 ? finite(averagePrecision(normal, anomaly)) : null,
  };
}
