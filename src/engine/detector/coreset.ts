import { FEATURE_DIM } from './backbone-onnx';
import { SeededRandom } from './seeded-random';

const PROJECTED_DIM = 32;

/**
 * Greedy k-center selection (PatchCore's coreset): repeatedly take the patch
 * farthest from everything chosen so far, so the bank covers the normal
 * patches evenly with a fraction of them. Distances are computed on a random
 * Gaussian projection to 32 dimensions, which preserves them well enough for
 * the choice and makes it four times cheaper.
 *
 * @param rows patches, [count, FEATURE_DIM] row-major
 * @param checkCancelled called before each pick; throws to stop (the largest
 *   choices take seconds, with no await in which a cancel could arrive)
 * @returns indices of the chosen rows
 */
export function greedyCoreset(rows: Float32Array, target: number, seed = 1, checkCancelled: () => void = () => {}): Int32Array {
  const count = rows.length / FEATURE_DIM;
  if (target >= count) return Int32Array.from({ length: count }, (_, i) => i);
  const random = new SeededRandom(seed);
  const projection = new Float32Array(FEATURE_DIM * PROJECTED_DIM);
  for (let i = 0; i < projection.length; i++) projection[i] = random.gaussian() / Math.sqrt(PROJECTED_DIM);

  const projected = new Float32Array(count * PROJECTED_DIM);
  for (let r = 0; r < count; r++) {
    for (let p = 0; p < PROJECTED_DIM; p++) {
      let sum = 0;
      for (let d = 0; d < FEATURE_DIM; d++) sum += rows[r * FEATURE_DIM + d] * projection[d * PROJECTED_DIM + p];
      projected[r * PROJECTED_DIM + p] = sum;
    }
  }

  const chosen = new Int32Array(target);
  const minDistance = new Float32Array(count).fill(Infinity);
  let next = random.int(count);
  for (let k = 0; k < target; k++) {
    checkCancelled();
    chosen[k] = next;
    const base = next * PROJECTED_DIM;
    let farthest = 0;
    let farthestDistance = -1;
    for (let r = 0; r < count; r++) {
      const o = r * PROJECTED_DIM;
      let d2 = 0;
      for (let p = 0; p < PROJECTED_DIM; p++) {
        const diff = projected[o + p] - projected[base + p];
        d2 += diff * diff;
      }
      if (d2 < minDistance[r]) minDistance[r] = d2;
      if (minDistance[r] > farthestDistance) {
        farthestDistance = minDistance[r];
        farthest = r;
      }
    }
    next = farthest;
  }
  return chosen;
}
