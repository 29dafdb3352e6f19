import type { ModelManifest } from './model-artifact';

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
 * Newton's method on one parameter; the likelihood is concave in it.
 */
export function fitSlope(verdicts: HeldOutVerdict[]): number | null {
  const positives = verdicts.filter((v) => v.anomalous).length;
  const negatives = verdicts.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  let slope = 1;
  for (let iteration = 0; iteration < 100; iteration++) {
    let gradient = 0;
    let curvature = 0;
    for (const { margin, anomalous } of verdicts) {
      const p = 1 / (1 + Math.exp(-slope * margin));
      gradient += ((anomalous ? high : low) - p) * margin;
      curvature += p * (1 - p) * margin * margin;
    }
    if (curvature < 1e-12) break;
    const step = gradient / curvature;
    slope = Math.min(1e3, Math.max(1e-3, slope + step));
    if (Math.abs(step) < 1e-9 * Math.max(1, slope)) break;
  }
  return slope;
}
