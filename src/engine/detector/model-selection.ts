import { fitSlope, type HeldOutVerdict } from './calibration';
import { SeededRandom } from './seeded-random';
import { addConfusion, auroc, bestSeparatingThreshold, confusionAt, robustSpread, type Confusion } from './thresholds';

/** One configuration training could keep, with the held-out scores it gives each training image. */
export interface CandidateScores {
  /** Per normal training image, scored by a bank that did not learn from it. */
  normal: number[];
  /** Per anomalous training image (the bank never learns from anomalies). */
  anomaly: number[];
}

export interface Selection {
  /** Index of the candidate kept. */
  chosen: number;
  threshold: number;
  /** Robust spread of the kept candidate's normal scores. */
  spread: number;
  /** Calibration slope per unit of score, fitted on the nested cross-validation; null without anomalies. */
  slope: number | null;
  /** Nested cross-validation: every image judged by a choice made without it. */
  crossValidated: { confusion: Confusion; normal: HeldOutVerdict[]; anomaly: HeldOutVerdict[] } | null;
}

const OUTER_FOLDS = 5;

/**
 * Chooses a candidate and its threshold on all the training images, and
 * measures that procedure honestly: in nested cross-validation each outer
 * fold's images are judged by a candidate and threshold chosen on the other
 * folds only. The held-out verdicts (score minus threshold, in spreads) fit
 * the calibration, so confidence, too, is learned from images that did not
 * choose the threshold.
 */
export function selectModel(candidates: CandidateScores[], seed = 7): Selection {
  const normalCount = candidates[0].normal.length;
  const anomalyCount = candidates[0].anomaly.length;
  const all = { normal: range(normalCount), anomaly: range(anomalyCount) };
  const final = chooseOn(candidates, all.normal, all.anomaly);
  if (anomalyCount < 2 || normalCount < 2) return { ...final, slope: null, crossValidated: null };

  const random = new SeededRandom(seed);
  const folds = Math.min(OUTER_FOLDS, anomalyCount, normalCount);
  const normalFold = foldsOf(normalCount, folds, random);
  const anomalyFold = foldsOf(anomalyCount, folds, random);
  let confusion: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const normal: HeldOutVerdict[] = new Array(normalCount);
  const anomaly: HeldOutVerdict[] = new Array(anomalyCount);
  for (let f = 0; f < folds; f++) {
    const inner = { normal: all.normal.filter((i) => normalFold[i] !== f), anomaly: all.anomaly.filter((i) => anomalyFold[i] !== f) };
    const outer = { normal: all.normal.filter((i) => normalFold[i] === f), anomaly: all.anomaly.filter((i) => anomalyFold[i] === f) };
    const fold = chooseOn(candidates, inner.normal, inner.anomaly);
    const scores = candidates[fold.chosen];
    const margin = (score: number) => (score - fold.threshold) / fold.spread;
    for (const i of outer.normal) normal[i] = { margin: margin(scores.normal[i]), anomalous: false };
    for (const i of outer.anomaly) anomaly[i] = { margin: margin(scores.anomaly[i]), anomalous: true };
    confusion = addConfusion(
      confusion,
      confusionAt(
        outer.normal.map((i) => scores.normal[i]),
        outer.anomaly.map((i) => scores.anomaly[i]),
        fold.threshold,
      ),
    );
  }
  const slopePerSpread = fitSlope([...normal, ...anomaly]);
  return { ...final, slope: slopePerSpread === null ? null : slopePerSpread / final.spread, crossValidated: { confusion, normal, anomaly } };
}

/**
 * Candidates within this much AUROC of the best count as equally good: a
 * few labelled anomalies measure AUROC coarsely, and chasing the last
 * hundredth picked variants that did worse on unseen images.
 */
const AUROC_TOLERANCE = 0.01;

/**
 * The first candidate, in the order of preference given, whose AUROC on
 * the given images is within AUROC_TOLERANCE of the best (the "simplest
 * model within noise of the best" rule), its threshold and spread.
 */
function chooseOn(candidates: CandidateScores[], normalIndices: number[], anomalyIndices: number[]): { chosen: number; threshold: number; spread: number } {
  const values = candidates.map((c) =>
    auroc(
      normalIndices.map((i) => c.normal[i]),
      anomalyIndices.map((i) => c.anomaly[i]),
    ),
  );
  const best = Math.max(...values.filter(Number.isFinite));
  const chosen = Number.isFinite(best) ? values.findIndex((v) => v >= best - AUROC_TOLERANCE) : 0;
  const scores = candidates[chosen];
  const normal = normalIndices.map((i) => scores.normal[i]);
  const anomaly = anomalyIndices.map((i) => scores.anomaly[i]);
  return { chosen, threshold: bestSeparatingThreshold(normal, anomaly), spread: spreadOf(normal, scores.normal) };
}

/**
 * A unit for margins, never zero: the robust spread of these normal scores,
 * else their standard deviation (a fold with one or two normal images, or
 * tied scores), else the same over all the candidate's normal scores, else
 * a thousandth of their size.
 */
function spreadOf(values: number[], all: number[]): number {
  for (const sample of [values, all]) {
    const robust = robustSpread(sample);
    if (robust > 1e-9) return robust;
    const deviation = standardDeviation(sample);
    if (deviation > 1e-9) return deviation;
  }
  return Math.max(1e-3 * Math.abs(all[0] ?? 0), 1e-6);
}

function standardDeviation(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

/** Fold of each index, balanced, in a seeded random order. */
function foldsOf(count: number, folds: number, random: SeededRandom): number[] {
  const order = random.shuffle(range(count));
  const fold = new Array<number>(count);
  order.forEach((index, position) => (fold[index] = position % folds));
  return fold;
}
