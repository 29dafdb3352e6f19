import { smoothMap, type Grid } from './anomaly-map';
import { FEATURE_DIM } from './backbone-onnx';
import { directionMap, type WeightedDirection } from './defect-direction';
import type { MemoryBank, PatchModel } from './patch-model';
import type { Scoring } from './scoring';
import { SeededRandom } from './seeded-random';

/**
 * Principal directions of the bank the lower bounds use. Measured on
 * aliens-hr's 896x576 views (8,064 cells, a bank of 2,048): the bounds pass
 * takes a little under half of the full search at 24 (fewer directions save
 * little: its cost is mostly the patches-by-bank matrix, not its depth), and
 * leaves a few percent of the cells for the exact one (BENCHMARKS.md, issue
 * 10's eighth session).
 */
export const LOWER_BOUND_DIMENSIONS = 24;

/**
 * float32's unit roundoff. The full search computes |x|^2 - 2x.m + |m|^2
 * over `n` products in float32: by the usual bound for sums of products its
 * error is at most n u (|x| + |m|)^2 in squared distance, so at most the
 * square root of that in distance (reached near zero distance, where the
 * terms cancel). Measured errors are a tenth of the bound (0.058 at most, on
 * features of norm up to 72); the bound is what makes the score exact.
 */
const UNIT_ROUNDOFF = 2 ** -24;

/**
 * Subspace iterations for the principal directions, and the bank patches
 * (evenly spread) their covariance is estimated from: the bounds hold for
 * any orthonormal basis, a better one only prunes more, and a model's first
 * answer waits for it (0.2 s from a whole bank of 2,048 and 20 iterations;
 * 0.08 s so, with the same pruning on aliens-hr).
 */
const BASIS_ITERATIONS = 12;
const COVARIANCE_SAMPLE = 512;

/** The bank as the lower-bound graph takes it (buildLowerBoundOnnx). */
export interface ReducedBank {
  k: number;
  /** [1, FEATURE_DIM] the bank's mean. */
  mean: Float32Array;
  /** [FEATURE_DIM, k] orthonormal columns. */
  basis: Float32Array;
  size: number;
  /** [k + 1, size]: each bank patch's coordinates along the basis, then its residual's length. */
  transposed: Float32Array;
  /** [size] squared norms of those vectors. */
  squaredNorms: Float32Array;
}

/**
 * The image score a classification model answers with, computed exactly
 * without every cell's exact nearest neighbour: the score is the largest
 * (or the mean of the `topK` largest) smoothed distance, so only cells that
 * could reach it need exact distances. Cheap bounds (a lower bound from the
 * bank's principal directions, an upper bound from the patch that bound
 * names as nearest) smoothed as the map is rule out the rest; the score is
 * the one the full search gives (test/detector/bounded-search.test.ts).
 * Masks need the whole map, so segmentation models search in full.
 */
export class BoundedSearch {
  private readonly reduced: ReducedBank;
  private readonly largestBankNorm: number;
  private readonly meanNorm: number;

  constructor(
    /** [size, FEATURE_DIM] the bank's rows. */
    private readonly rows: Float32Array,
    private readonly bank: MemoryBank,
  ) {
    this.reduced = reducedBank(rows, LOWER_BOUND_DIMENSIONS);
    this.largestBankNorm = Math.max(0, ...Array.from({ length: rows.length / FEATURE_DIM }, (_, i) => norm(rows, i)));
    this.meanNorm = Math.hypot(...this.reduced.mean);
  }

  /** The score scoreImage would give these patches; `exactCells` says how many cells needed their exact distance. */
  async score(model: PatchModel, patches: Float32Array, grid: Grid, scoring: Scoring, direction?: WeightedDirection): Promise<{ score: number; exactCells: number }> {
    const cells = patches.length / FEATURE_DIM;
    const { lower, index } = await model.lowerBounds(patches, this.reduced);
    const along = direction ? directionMap(patches, direction) : undefined;
    const weight = direction?.weight ?? 0;
    const low = new Float32Array(cells);
    const high = new Float32Array(cells);
    let largestNorm = 0;
    for (let c = 0; c < cells; c++) {
      const extra = along ? weight * along[c] : 0;
      low[c] = lower[c] + extra;
      high[c] = this.distance(patches, c, Number(index[c])) + extra;
      largestNorm = Math.max(largestNorm, norm(patches, c));
    }
    const topK = Math.min(Math.max(1, scoring.topK), cells);
    const floor = kthLargest(smoothMap(low, grid, scoring.sigma), topK);
    const highMap = smoothMap(high, grid, scoring.sigma);
    // A cell is ruled out only if, with every rounding error against it, it still falls short of the K-th score:
    // twice the full search's error (the cell's value and the K-th's), once the lower bounds' (the floor's). The
    // lower bound's error is mostly its residual's, a difference of two squared lengths (hence the full dimension).
    const fullError = Math.sqrt(FEATURE_DIM * UNIT_ROUNDOFF) * (largestNorm + this.largestBankNorm);
    const boundError = (Math.sqrt(FEATURE_DIM * UNIT_ROUNDOFF) + Math.sqrt((this.reduced.k + 1) * UNIT_ROUNDOFF)) * (largestNorm + this.largestBankNorm + 2 * this.meanNorm);
    const reach = floor - 2 * fullError - boundError;
    const candidates: number[] = [];
    for (let c = 0; c < cells; c++) if (highMap[c] >= reach) candidates.push(c);
    const needed = windowsAround(candidates, grid, Math.ceil(scoring.sigma * 2));
    const exact = await model.nearest(gather(patches, needed), this.bank);
    // The upper bounds stand in for the cells no candidate's smoothing reaches: their values reach no candidate's score.
    const unsmoothed = high;
    needed.forEach((c, i) => {
      unsmoothed[c] = along ? exact[i] + weight * along[c] : exact[i];
    });
    const map = smoothMap(unsmoothed, grid, scoring.sigma);
    const top = candidates
      .map((c) => map[c])
      .sort((a, b) => b - a)
      .slice(0, topK);
    return { score: top.reduce((a, b) => a + b, 0) / top.length, exactCells: needed.length };
  }

  private distance(patches: Float32Array, cell: number, bankRow: number): number {
    let sum = 0;
    for (let d = 0; d < FEATURE_DIM; d++) {
      const diff = patches[cell * FEATURE_DIM + d] - this.rows[bankRow * FEATURE_DIM + d];
      sum += diff * diff;
    }
    return Math.sqrt(sum);
  }
}

/**
 * Whether the next image should use the bounded search. The bounds pass costs
 * about half of a full search, so where most cells stay candidates (a model
 * whose maps are flat, as on cookies-hr, where 64% of the cells did) the full
 * search is cheaper: measured by `npm run bench:search`. The choice follows
 * a running mean of the share of cells each bounded search computed
 * exactly, and tries the bounded search again now and then, as images
 * change: one retry that pays brings it back.
 */
export class SearchChoice {
  /** Above this share of exact cells the full search costs less (aliens-hr: 5.7% made it 0.71x; cookies-hr: 64%, 1.22x). */
  static readonly BREAK_EVEN = 0.35;
  /** Of the images a model answers with the full search, every this many is tried bounded again. */
  static readonly RETRY_EVERY = 32;
  private share = 0;
  private fullSince = 0;

  bounded(): boolean {
    if (this.share <= SearchChoice.BREAK_EVEN) return true;
    this.fullSince = (this.fullSince + 1) % SearchChoice.RETRY_EVERY;
    return this.fullSince === 0;
  }

  /** The share of cells a bounded search needed exactly; a retry that pays brings the bounded search back at once. */
  record(exactShare: number): void {
    const retryPays = this.share > SearchChoice.BREAK_EVEN && exactShare <= SearchChoice.BREAK_EVEN;
    this.share = this.share === 0 || retryPays ? exactShare : 0.8 * this.share + 0.2 * exactShare;
  }
}

/** The bank's mean, its `k` principal directions (subspace iteration on its covariance), and each patch so reduced. */
export function reducedBank(rows: Float32Array, k: number): ReducedBank {
  const size = rows.length / FEATURE_DIM;
  const D = FEATURE_DIM;
  const mean = new Float64Array(D);
  for (let i = 0; i < size; i++) for (let d = 0; d < D; d++) mean[d] += rows[i * D + d];
  for (let d = 0; d < D; d++) mean[d] /= Math.max(1, size);
  const covariance = new Float64Array(D * D);
  const centred = new Float64Array(D);
  const step = Math.max(1, size / COVARIANCE_SAMPLE);
  for (let sample = 0; sample * step < size; sample++) {
    const i = Math.floor(sample * step);
    for (let d = 0; d < D; d++) centred[d] = rows[i * D + d] - mean[d];
    for (let a = 0; a < D; a++) {
      const va = centred[a];
      for (let b = a; b < D; b++) covariance[a * D + b] += va * centred[b];
    }
  }
  for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) covariance[a * D + b] = covariance[b * D + a];
  const random = new SeededRandom(7);
  let columns = Array.from({ length: k }, () => Float64Array.from({ length: D }, () => random.gaussian()));
  orthonormalise(columns);
  for (let iteration = 0; iteration < BASIS_ITERATIONS; iteration++) {
    columns = columns.map((q) => {
      const out = new Float64Array(D);
      for (let a = 0; a < D; a++) {
        let sum = 0;
        for (let b = 0; b < D; b++) sum += covariance[a * D + b] * q[b];
        out[a] = sum;
      }
      return out;
    });
    orthonormalise(columns);
  }
  // The bank is reduced with the float32 mean and basis the graph reduces patches with.
  const basis = new Float32Array(D * k);
  columns.forEach((q, j) => q.forEach((v, d) => (basis[d * k + j] = v)));
  const mean32 = Float32Array.from(mean);
  const transposed = new Float32Array((k + 1) * size);
  const squaredNorms = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let whole = 0;
    for (let d = 0; d < D; d++) whole += (rows[i * D + d] - mean32[d]) ** 2;
    let inside = 0;
    let norm = 0;
    for (let j = 0; j < k; j++) {
      let along = 0;
      for (let d = 0; d < D; d++) along += basis[d * k + j] * (rows[i * D + d] - mean32[d]);
      transposed[j * size + i] = along;
      inside += along * along;
      norm += Math.fround(along) ** 2;
    }
    const residual = Math.sqrt(Math.max(0, whole - inside));
    transposed[k * size + i] = residual;
    squaredNorms[i] = norm + Math.fround(residual) ** 2;
  }
  return { k, mean: mean32, basis, size, transposed, squaredNorms };
}

/**
 * Gram-Schmidt, twice over for float64 orthogonality. A column the others
 * already span (a bank of fewer patches than directions) is replaced by the
 * first unit vector they do not span.
 */
function orthonormalise(columns: Float64Array[]): void {
  // The length left, as a share of the length before: near zero when the earlier columns span q.
  const withoutEarlier = (q: Float64Array, j: number) => {
    const before = Math.hypot(...q);
    for (let pass = 0; pass < 2; pass++)
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let d = 0; d < q.length; d++) dot += q[d] * columns[i][d];
        for (let d = 0; d < q.length; d++) q[d] -= dot * columns[i][d];
      }
    return before === 0 ? 0 : Math.hypot(...q) / before;
  };
  columns.forEach((q, j) => {
    for (let unit = 0; withoutEarlier(q, j) < 1e-9; unit++) {
      q.fill(0);
      q[unit] = 1;
    }
    const norm = Math.hypot(...q);
    for (let d = 0; d < q.length; d++) q[d] /= norm;
  });
}

function norm(rows: Float32Array, row: number): number {
  let sum = 0;
  for (let d = 0; d < FEATURE_DIM; d++) sum += rows[row * FEATURE_DIM + d] ** 2;
  return Math.sqrt(sum);
}

function kthLargest(values: Float32Array, k: number): number {
  return Float32Array.from(values).sort()[values.length - k];
}

/** Every cell within `radius` cells (clamped to the grid, as smoothMap clamps) of a candidate, in row-major order. */
function windowsAround(candidates: number[], grid: Grid, radius: number): number[] {
  const marked = new Uint8Array(grid.width * grid.height);
  for (const c of candidates) {
    const x = c % grid.width;
    const y = Math.floor(c / grid.width);
    for (let yy = Math.max(0, y - radius); yy <= Math.min(grid.height - 1, y + radius); yy++)
      for (let xx = Math.max(0, x - radius); xx <= Math.min(grid.width - 1, x + radius); xx++) marked[yy * grid.width + xx] = 1;
  }
  const out: number[] = [];
  marked.forEach((m, c) => {
    if (m) out.push(c);
  });
  return out;
}

function gather(patches: Float32Array, cells: number[]): Float32Array {
  const out = new Float32Array(cells.length * FEATURE_DIM);
  cells.forEach((c, i) => out.set(patches.subarray(c * FEATURE_DIM, (c + 1) * FEATURE_DIM), i * FEATURE_DIM));
  return out;
}
