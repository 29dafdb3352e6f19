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
