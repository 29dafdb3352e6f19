import { maxOf, smoothMap } from './anomaly-map';
import type { MemoryBank, PatchModel } from './patch-model';
import { auroc } from './thresholds';

/** How a map of nearest-neighbour distances becomes an image score. */
export interface Scoring {
  /** Gaussian smoothing of the map, in grid cells. */
  sigma: number;
  /** The score is the mean of the `topK` highest map values (1: the maximum). */
  topK: number;
}

export const DEFAULT_SCORING: Scoring = { sigma: 1, topK: 1 };

/**
 * The variants training may choose between. Small defects (a crack in a
 * cookie) want little smoothing and the maximum; larger, diffuse ones (an
 * altered figure) gain from averaging the top cells. Default first: it wins ties.
 */
const CANDIDATES: Scoring[] = [DEFAULT_SCORING, { sigma: 0.5, topK: 1 }, { sigma: 2, topK: 1 }, { sigma: 1, topK: 10 }];

export interface ScoredImage {
  score: number;
  /** Smoothed anomaly map, one value per feature-grid cell. */
  map: Float32Array;
  patches: Float32Array;
}

export function scoreMap(distances: Float32Array, scoring: Scoring): { score: number; map: Float32Array } {
  const map = smoothMap(distances, undefined, scoring.sigma);
  if (scoring.topK <= 1) return { score: maxOf(map), map };
  const top = Array.from(map)
    .sort((a, b) => b - a)
    .slice(0, scoring.topK);
  return { score: top.reduce((a, b) => a + b, 0) / top.length, map };
}

export async function scoreImage(model: PatchModel, patches: Float32Array, bank: MemoryBank, scoring: Scoring): Promise<ScoredImage> {
  return { ...scoreMap(await model.nearest(patches, bank), scoring), patches };
}

/**
 * With labelled anomalies, the variant that best separates them from the
 * held-out normal images (highest AUROC; ties keep the earlier candidate).
 */
export function chooseScoring(normalDistances: Float32Array[], anomalyDistances: Float32Array[]): Scoring {
  if (anomalyDistances.length === 0 || normalDistances.length === 0) return DEFAULT_SCORING;
  let best = { scoring: DEFAULT_SCORING, auroc: -1 };
  for (const scoring of CANDIDATES) {
    const value = auroc(
      normalDistances.map((d) => scoreMap(d, scoring).score),
      anomalyDistances.map((d) => scoreMap(d, scoring).score),
    );
    if (value > best.auroc + 1e-9) best = { scoring, auroc: value };
  }
  return best.scoring;
}
