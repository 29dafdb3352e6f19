import { maxOf, smoothMap, type Grid } from './anomaly-map';
import { directionMap, withDirection, type WeightedDirection } from './defect-direction';
import type { MemoryBank, PatchModel } from './patch-model';

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
 * cookie) want the maximum; larger, diffuse ones (an altered figure) gain
 * from averaging the top cells. Default first: it wins ties. More variants
 * (smoothing 0.5 and 2 cells) were tried: with ten or twenty labelled
 * anomalies to choose by, they added choices more than accuracy.
 */
export const SCORING_CANDIDATES: Scoring[] = [DEFAULT_SCORING, { sigma: 1, topK: 10 }];

export interface ScoredImage {
  score: number;
  /** Smoothed anomaly map, one value per feature-grid cell. */
  map: Float32Array;
  patches: Float32Array;
  /**
   * The map before smoothing: each cell's distance to its nearest bank
   * patch, plus its value along the model's defect direction when it has
   * one. Masks are cut from it with their own smoothing.
   */
  unsmoothed?: Float32Array;
}

export function scoreMap(distances: Float32Array, grid: Grid, scoring: Scoring): { score: number; map: Float32Array } {
  const map = smoothMap(distances, grid, scoring.sigma);
  if (scoring.topK <= 1) return { score: maxOf(map), map };
  const top = Array.from(map)
    .sort((a, b) => b - a)
    .slice(0, scoring.topK);
  return { score: top.reduce((a, b) => a + b, 0) / top.length, map };
}

/** The image's score and map: distances to the bank, with the model's defect direction added when it has one. */
export async function scoreImage(model: PatchModel, patches: Float32Array, bank: MemoryBank, grid: Grid, scoring: Scoring, direction?: WeightedDirection): Promise<ScoredImage> {
  const distances = await model.nearest(patches, bank);
  const unsmoothed = direction ? withDirection(distances, directionMap(patches, direction), direction.weight) : distances;
  return { ...scoreMap(unsmoothed, grid, scoring), patches, unsmoothed };
}
