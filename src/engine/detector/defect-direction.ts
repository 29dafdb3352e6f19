import { FEATURE_DIM } from './backbone-onnx';
import { SeededRandom } from './seeded-random';

/**
 * A direction in patch-feature space along which the training masks' defect
 * cells lie away from normal cells: Fisher's linear discriminant, learned
 * from a segmentation model's masks. The memory bank says how unlike every
 * normal patch a patch is, which on a natural product (a cookie's own cracks
 * and crumbs) is often as true of an unseen normal part as of a defect; the
 * direction says how much a patch looks like the defects the masks showed.
 * On the cookie sample set its held-out image AUROC was 1.000 alone against
 * 0.979 for the bank (BENCHMARKS.md, issue 10).
 *
 * A cell's value is max(0, (w . x - offset) / scale): offset and scale are the
 * mean and standard deviation of the normal cells' projections, so it counts
 * normal spreads beyond the typical normal cell, and a cell on the normal
 * side adds nothing.
 */
export interface DefectDirection {
  /** w, FEATURE_DIM values. */
  weights: number[];
  offset: number;
  scale: number;
}

/** What a model keeps: the direction and how much of it joins the bank's distances. */
export interface WeightedDirection extends DefectDirection {
  weight: number;
}

/**
 * How much of the direction training may add to the distance map, in order
 * of preference: 0 (the bank alone) wins ties. One weight more than none:
 * each choice is made on a handful of masked anomalies.
 */
export const DIRECTION_WEIGHTS = [0, 1];

/** Fewer defect cells than this teach no direction: the mean of a few cells in 128 dimensions is noise. */
export const MIN_DEFECT_CELLS = 8;
/** Normal cells the covariance is estimated from, at most (normalCells): a 128x128 covariance needs thousands, not all. */
const MAX_NORMAL_CELLS = 8_000;
/**
 * Shrinkage of the covariance towards its mean variance (a share of it added
 * to the diagonal): with tens of defect cells the raw inverse would chase
 * noise. 0.01 to 0.1 gave the same held-out AUROC on cookies (1.000) and
 * cookies-hr (0.70); 1 was worse on both.
 */
const SHRINKAGE = 0.1;

/**
 * What the direction needs of a set of cells: their count, sum and the sum
 * of their outer products (lower triangle). Kept per image, so that each
 * training fold's statistics are a sum over its images instead of another
 * pass over their cells.
 */
export interface CellStatistics {
  count: number;
  sum: Float64Array;
  /** Sum of x x^T over the cells, [FEATURE_DIM, FEATURE_DIM], lower triangle filled. */
  products: Float64Array;
}

/** The statistics of `rows` ([n, FEATURE_DIM] row-major). */
export function cellStatistics(rows: Float32Array): CellStatistics {
  const D = FEATURE_DIM;
  const count = rows.length / D;
  const sum = new Float64Array(D);
  const products = new Float64Array(D * D);
  const x = new Float64Array(D);
  for (let r = 0; r < count; r++) {
    for (let d = 0; d < D; d++) sum[d] += x[d] = rows[r * D + d];
    for (let i = 0; i < D; i++) {
      const a = x[i];
      for (let j = 0; j <= i; j++) products[i * D + j] += a * x[j];
    }
  }
  return { count, sum, products };
}

/** The statistics of all the given sets' cells together. */
export function combinedStatistics(sets: CellStatistics[]): CellStatistics {
  const sum = new Float64Array(FEATURE_DIM);
  const products = new Float64Array(FEATURE_DIM * FEATURE_DIM);
  let count = 0;
  for (const set of sets) {
    count += set.count;
    for (let d = 0; d < sum.length; d++) sum[d] += set.sum[d];
    for (let k = 0; k < products.length; k++) products[k] += set.products[k];
  }
  return { count, sum, products };
}

/**
 * Fisher's direction between the defect cells and the normal cells, with
 * the covariance pooled over both and shrunk; offset and scale are the mean
 * and standard deviation of the normal cells' projections. Null when there
 * are too few defect cells.
 */
export function learnDefectDirection(defects: CellStatistics, normals: CellStatistics): DefectDirection | null {
  const D = FEATURE_DIM;
  if (defects.count < MIN_DEFECT_CELLS || normals.count < D) return null;
  const defectMean = defects.sum.map((v) => v / defects.count);
  const normalMean = normals.sum.map((v) => v / normals.count);
  // Each set's scatter about its own mean: the sum of x x^T minus n mean mean^T.
  const normalCovariance = new Float64Array(D * D);
  const pooled = new Float64Array(D * D);
  for (let i = 0; i < D; i++)
    for (let j = 0; j <= i; j++) {
      const normal = normals.products[i * D + j] - normals.count * normalMean[i] * normalMean[j];
      const defect = defects.products[i * D + j] - defects.count * defectMean[i] * defectMean[j];
      normalCovariance[i * D + j] = normalCovariance[j * D + i] = normal / normals.count;
      pooled[i * D + j] = pooled[j * D + i] = (normal + defect) / (normals.count + defects.count);
    }
  let trace = 0;
  for (let i = 0; i < D; i++) trace += pooled[i * D + i];
  const ridge = (SHRINKAGE * trace) / D;
  for (let i = 0; i < D; i++) pooled[i * D + i] += ridge;
  const w = solveSymmetric(
    pooled,
    defectMean.map((v, d) => v - normalMean[d]),
    D,
  );
  let variance = 0;
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) variance += w[i] * normalCovariance[i * D + j] * w[j];
  const scale = Math.sqrt(Math.max(0, variance));
  if (!(scale > 0)) return null;
  return { weights: Array.from(w), offset: dot(w, normalMean, 0), scale };
}

/**
 * The direction learned on every image, and for each fold one learned
 * without that fold's images (defect sets and normal sets: image k is in
 * fold k mod folds), to map that fold's images as unseen ones. Null unless
 * every one of them can be learned: a fold mapped by no direction would be
 * judged unlike the images the final one maps.
 */
export function foldDirections(defects: CellStatistics[], normals: CellStatistics[], folds: number): { final: DefectDirection; byFold: DefectDirection[] } | null {
  const learn = (fold: number | null) =>
    learnDefectDirection(
      combinedStatistics(defects.filter((_, k) => k % folds !== fold)),
      combinedStatistics(normals.filter((_, k) => k % folds !== fold)),
    );
  const final = learn(null);
  const byFold = Array.from({ length: folds }, (_, f) => learn(f));
  if (!final || byFold.some((d) => d === null)) return null;
  return { final, byFold: byFold as DefectDirection[] };
}

/** Each cell's value along the direction (see DefectDirection), for patches [cells, FEATURE_DIM]. */
export function directionMap(patches: Float32Array, direction: DefectDirection): Float32Array {
  const cells = patches.length / FEATURE_DIM;
  const out = new Float32Array(cells);
  for (let c = 0; c < cells; c++) out[c] = Math.max(0, (dot(direction.weights, patches, c * FEATURE_DIM) - direction.offset) / direction.scale);
  return out;
}

/** The distance map with `weight` times the direction's map added, cell by cell. */
export function withDirection(distances: Float32Array, along: Float32Array, weight: number): Float32Array {
  const out = new Float32Array(distances.length);
  for (let c = 0; c < out.length; c++) out[c] = distances[c] + weight * along[c];
  return out;
}

function dot(w: ArrayLike<number>, rows: ArrayLike<number>, at: number): number {
  let sum = 0;
  for (let d = 0; d < FEATURE_DIM; d++) sum += w[d] * rows[at + d];
  return sum;
}

/**
 * An even share of MAX_NORMAL_CELLS drawn from each image's patches
 * ([cells, FEATURE_DIM]) with a seed, so that a fold's normal cells are the
 * shares of its images.
 */
export function normalCells(images: Float32Array[], seed: number): Float32Array[] {
  const random = new SeededRandom(seed);
  const share = Math.ceil(MAX_NORMAL_CELLS / Math.max(1, images.length));
  return images.map((patches) => {
    const count = patches.length / FEATURE_DIM;
    const picked = random.shuffle(Array.from({ length: count }, (_, i) => i)).slice(0, share);
    const out = new Float32Array(picked.length * FEATURE_DIM);
    picked.forEach((r, i) => out.set(patches.subarray(r * FEATURE_DIM, (r + 1) * FEATURE_DIM), i * FEATURE_DIM));
    return out;
  });
}

/** x with A x = b for a symmetric positive definite A (n x n, full), by Cholesky: one 128x128 solve per training fold, no linear-algebra package for it. */
function solveSymmetric(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = i === j ? Math.sqrt(s) : s / L[j * n + j];
    }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}
