/**
 * Figures over DetectAnomalies verdicts, shared by the benchmarks: how the
 * confidence of right answers compares with that of wrong ones, and the
 * probability of anomaly a verdict implies (to rank images by).
 */
import { auroc } from '../src/engine/detector/thresholds';

export interface Verdict {
  label: 'normal' | 'anomaly';
  isAnomalous: boolean;
  confidence: number;
}

export interface ConfidenceStats {
  count: number;
  mean: number;
  median: number;
}

export interface ConfidenceFigures {
  right: ConfidenceStats;
  wrong: ConfidenceStats;
  /**
   * Chance that a right answer has a higher confidence than a wrong one (ties
   * half): 0.5 when confidence says nothing about correctness, 1 when every
   * wrong answer is less confident than every right one. NaN without both.
   */
  separation: number;
}

/** The probability of anomaly a verdict implies: Confidence if anomalous, else 1 - Confidence. */
export function anomalyProbability(v: Pick<Verdict, 'isAnomalous' | 'confidence'>): number {
  return v.isAnomalous ? v.confidence : 1 - v.confidence;
}

export function isRight(v: Verdict): boolean {
  return v.isAnomalous === (v.label === 'anomaly');
}

export function confidenceFigures(verdicts: Verdict[]): ConfidenceFigures {
  const right = verdicts.filter(isRight).map((v) => v.confidence);
  const wrong = verdicts.filter((v) => !isRight(v)).map((v) => v.confidence);
  return { right: stats(right), wrong: stats(wrong), separation: auroc(wrong, right) };
}

function stats(values: number[]): ConfidenceStats {
  if (values.length === 0) return { count: 0, mean: NaN, median: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return {
    count: values.length,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    median: sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2,
  };
}

/** "right 0.953/0.990 (n=120) wrong 0.700/0.650 (n=12) sep 0.91" */
export function formatConfidence(c: ConfidenceFigures): string {
  const one = (s: ConfidenceStats) => (s.count === 0 ? `-/- (n=0)` : `${s.mean.toFixed(3)}/${s.median.toFixed(3)} (n=${s.count})`);
  return `conf right ${one(c.right)} wrong ${one(c.wrong)} sep ${Number.isNaN(c.separation) ? '-' : c.separation.toFixed(2)}`;
}
