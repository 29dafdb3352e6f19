import { FEATURE_DIM } from './backbone-onnx';
import { SeededRandom } from './seeded-random';

const PROJECTED_DIM = 32;

/**
 * How much larger than four times a patch's squared distance to its centre
 * the squared distance between that centre and a new one must be before the
 * patch is skipped. The stored distances are float32 (relative error 6e-8;
 * below float32's normal range the error is absolute, and smaller still than
 * the distances it could reorder), the margin far above it, so a skipped
 * patch is one the exact comparison would not have updated either: for
 * finite coordinates the choice is the same as without skipping.
 */
const PRUNE_MARGIN = 1 + 1e-6;

/**
 * Greedy k-center selection (PatchCore's coreset): repeatedly take the patch
 * farthest from everything chosen so far, so the bank covers the normal
 * patches evenly with a fraction of them. Distances are computed on a random
 * Gaussian projection to 32 dimensions, which preserves them well enough for
 * the choice and makes it four times cheaper.
 *
 * Each pick would compare the new centre with every patch (40,000 patches
 * and 4,000 picks took 88% of a small set's training). By the triangle
 * inequality a patch cannot come closer to the new centre than to its own
 * centre when that centre is at least twice as far from the new one, so a
 * centre's patches are visited only when it lies within twice their largest
 * distance, and of those only the ones its distance does not rule out.
 * Skipping changes nothing: the picks are those of the full comparison
 * (test/detector/coreset.test.ts). On a backbone's patches, which cluster,
 * it takes a tenth to a fifth of the time; on evenly spread points little
 * is skipped and it costs what the full comparison does.
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

  return farthestPointPicks(projected, PROJECTED_DIM, target, random.int(count), checkCancelled);
}

/**
 * `target` of the points ([count, dim] row-major): `first`, then each time
 * the point farthest from every pick so far (the lowest index of equals).
 */
export function farthestPointPicks(points: Float32Array, dim: number, target: number, first: number, checkCancelled: () => void = () => {}): Int32Array {
  const count = points.length / dim;
  const chosen = new Int32Array(target);
  const minDistance = new Float32Array(count);
  // The points nearest each pick, and the largest of their distances to it.
  const members: number[][] = [];
  const radius = new Float64Array(target);
  let next = first;
  for (let k = 0; k < target; k++) {
    checkCancelled();
    chosen[k] = next;
    const base = next * dim;
    const gained: number[] = [];
    if (k === 0) {
      for (let r = 0; r < count; r++) {
        minDistance[r] = squaredDistance(points, r * dim, base, dim, Infinity);
        gained.push(r);
      }
    }
    for (let j = 0; j < k; j++) {
      const bound = 4 * PRUNE_MARGIN * radius[j];
      const gap = squaredDistance(points, chosen[j] * dim, base, dim, bound);
      if (gap >= bound) continue;
      const scaledGap = gap / (4 * PRUNE_MARGIN);
      const kept: number[] = [];
      let keptRadius = 0;
      for (const r of members[j]) {
        const current = minDistance[r];
        if (scaledGap < current) {
          const d2 = squaredDistance(points, r * dim, base, dim, current);
          if (d2 < current) {
            minDistance[r] = d2;
            gained.push(r);
            continue;
          }
        }
        kept.push(r);
        if (current > keptRadius) keptRadius = current;
      }
      members[j] = kept;
      radius[j] = keptRadius;
    }
    let gainedRadius = 0;
    for (const r of gained) if (minDistance[r] > gainedRadius) gainedRadius = minDistance[r];
    members[k] = gained;
    radius[k] = gainedRadius;
    next = farthestPoint(minDistance, members, radius, k + 1);
  }
  return chosen;
}

/** The point farthest from its pick; of several as far, the lowest index (as one scan in index order would find). */
function farthestPoint(minDistance: Float32Array, members: number[][], radius: Float64Array, centres: number): number {
  let largest = -1;
  for (let j = 0; j < centres; j++) if (radius[j] > largest) largest = radius[j];
  let farthest = Infinity;
  for (let j = 0; j < centres; j++) {
    if (radius[j] !== largest) continue;
    for (const r of members[j]) if (minDistance[r] === largest && r < farthest) farthest = r;
  }
  // Only NaN coordinates leave no point as far as the largest distance; such features mean nothing to pick from.
  return farthest === Infinity ? 0 : farthest;
}

/**
 * Squared distance between two rows; stops early, returning a
 * partial sum at least `atLeast`, once it is clear the distance is no smaller.
 */
function squaredDistance(points: Float32Array, a: number, b: number, dim: number, atLeast: number): number {
  let d2 = 0;
  for (let p = 0; p < dim; p += 8) {
    const end = Math.min(p + 8, dim);
    for (let q = p; q < end; q++) {
      const diff = points[a + q] - points[b + q];
      d2 += diff * diff;
    }
    if (d2 >= atLeast) return d2;
  }
  return d2;
}
