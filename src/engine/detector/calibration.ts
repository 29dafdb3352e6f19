import type { ModelManifest } from './model-artifact';
import { median } from './thresholds';

/**
 * How an image score becomes a probability of being anomalous: a logistic
 * curve centred on the model's threshold, P = sigmoid(slope * (score - threshold)).
 * Centring it there keeps verdict and confidence consistent: an image is
 * anomalous exactly when P > 0.5, and the confidence in any verdict is >= 0.5.
 */
export interface Calibration {
  slope: number;
}

/**
 * The calibration a model carries; models trained before calibration existed
 * used 0.5 + 0.5 tanh(|score - threshold| / spread), which is this curve with
 * slope 2 / spread.
 */
export function calibrationOf(manifest: Pick<ModelManifest, 'calibration' | 'spread'>): Calibration {
  return manifest.calibration ?? { slope: 2 / Math.max(manifest.spread, 1e-6) };
}

export function anomalyProbability(score: number, threshold: number, calibration: Calibration): number {
  return 1 / (1 + Math.exp(-calibration.slope * (score - threshold)));
}

/** The probability that the verdict `score > threshold` is right. */
export function verdictConfidence(score: number, threshold: number, calibration: Calibration): number {
  const p = anomalyProbability(score, threshold, calibration);
  return score > threshold ? p : 1 - p;
}

/** Slopes per unit of margin the fit stays within: flat (every answer about 0.5) to a step. */
const MIN_SLOPE = 1e-3;
const MAX_SLOPE = 1e3;

/** A held-out image: its score relative to the threshold it was judged by, in units of that model's normal spread. */
export interface HeldOutVerdict {
  /** (score - threshold) / spread */
  margin: number;
  anomalous: boolean;
}

/**
 * Platt scaling with the curve's centre fixed at the threshold: the slope
 * (per unit of `margin`) that maximises the likelihood of the held-out
 * labels, with Platt's smoothed targets ((n+1)/(n+2) and 1/(n+2)) so that
 * a perfect separation gives a steep but finite curve, not an infinite one.
 * One parameter, fitted by Fisher scoring on its logarithm (steps bounded)
 * from the scale of the margins.
 */
export function fitSlope(verdicts: HeldOutVerdict[]): number | null {
  const positives = verdicts.filter((v) => v.anomalous).length;
  const negatives = verdicts.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const scale = median(verdicts.map((v) => Math.abs(v.margin)));
  // All verdicts on the threshold: nothing tells right from wrong; the flattest curve says so.
  if (!(scale > 1e-12)) return MIN_SLOPE;
  // Newton's method on log(slope), from the slope that makes a typical margin mean 73%.
  let logSlope = Math.log(1 / scale);
  for (let iteration = 0; iteration < 100; iteration++) {
    const slope = Math.exp(logSlope);
    let gradient = 0;
    let curvature = 0;
    for (const { margin, anomalous } of verdicts) {
      const p = 1 / (1 + Math.exp(-slope * margin));
      // d/d(log s) of the log-likelihood, and minus its second derivative (Fisher scoring).
      gradient += ((anomalous ? high : low) - p) * margin * slope;
      curvature += p * (1 - p) * margin * margin * slope * slope;
    }
    if (curvature < 1e-12) break;
    const step = Math.max(-2, Math.min(2, gradient / curvature));
    logSlope = Math.min(Math.log(MAX_SLOPE), Math.max(Math.log(MIN_SLOPE), logSlope + step));
    if (Math.abs(step) < 1e-9) break;
  }
  const slope = Math.exp(logSlope);
  return slope;
}

/**
 * For a model whose calibration can only come from the images it is then
 * evaluated on (a test dataset, when training had no anomalies to hold out):
 * the slope fitted on all of them, for DetectAnomalies, and for each image
 * the slope fitted on the other half (every other normal and every other
 * anomalous image), so that no image's reported confidence comes from a fit
 * that saw its label. Null when the verdicts lack a normal or an anomalous image.
 */
export function crossFittedSlopes(verdicts: HeldOutVerdict[]): { slope: number; perImage: number[] } | null {
  const slope = fitSlope(verdicts);
  if (slope === null) return null;
  const seen = { normal: 0, anomalous: 0 };
  const half = verdicts.map((v) => (v.anomalous ? seen.anomalous++ : seen.normal++) % 2);
  const halves = [0, 1].map((h) => fitSlope(verdicts.filter((_, i) => half[i] !== h)) ?? slope);
  return { slope, perImage: half.map((h) => halves[h]) };
}
