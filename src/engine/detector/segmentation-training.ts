import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { maxOf, sampleMap, type Grid } from './anomaly-map';
import { FEATURE_DIM } from './backbone-onnx';
import { cropLuma, GreyContrastTable, greyWeighted, type GreyContrast } from './mask-grey';
import { regionsAbove } from './mask-regions';
import type { ModelView, SegmentationClass } from './model-artifact';
import type { ScoredImage } from './scoring';
import type { TrainingImage } from './trainer';

/** Mask pixels looked at per grid cell, per side. */
const SUBCELLS = 4;
/**
 * The grey weighting tried for masks (segmentation.grey): weights, and the
 * neighbourhood's and the pixel's own radii as fractions of the crop's
 * longer side. On cookies (768 px) the training masks chose weight 3, a
 * neighbourhood of 128 px and the pixel's own 8 px: mask IoU 0.44 on the
 * test images against 0.289 with the map alone (BENCHMARKS.md).
 */
const GREY_WEIGHTS = [1, 2, 3];
const GREY_RADII = [1 / 8, 1 / 6, 1 / 4];
const GREY_INNER_RADII = [0, 1 / 192, 1 / 96];
/** Training masks are compared on every GREY_STEP-th pixel of every GREY_STEP-th row: 4 times fewer pixels (on cookies the same choice as with all of them). */
const GREY_STEP = 2;
/**
 * Two thresholds tried for masks (segmentation.seedThreshold): the pixel
 * threshold as a fraction of the single threshold's, the seed as a multiple
 * of it. On cookies the training masks chose 0.85 and 1.75 (BENCHMARKS.md).
 */
const LOW_THRESHOLD_FACTORS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1];
const SEED_FACTORS = [1.15, 1.3, 1.5, 1.75, 2, 2.5];
/** Bins of the pixel-threshold search over the weighted map's range. */
const THRESHOLD_BINS = 4096;

/**
 * With a mask for every anomalous training image: the map value above which a
 * cell is anomalous (best pooled F1 against the masks on the feature grid),
 * and each class's mean patch feature, to name what a cell shows; then, where
 * it matches the masks better, a grey weighting with its own pixel threshold
 * (learnGreyWeighting), and two thresholds (learnSeedThreshold). `maps` holds the anomalies' smoothed maps and patches at the model's view,
 * `views` the view each was read through (the same crop size everywhere; its place is the image's own when the view follows the part).
 */
export async function learnSegmentation(
  anomalies: TrainingImage[],
  maps: ScoredImage[],
  views: ModelView[],
  grid: Grid,
): Promise<{ pixelThreshold: number; classes: SegmentationClass[]; grey?: GreyContrast; seedThreshold?: number } | null> {
  if (anomalies.length === 0 || maps.length !== anomalies.length || anomalies.some((a) => !a.maskFile || !a.colorMap)) return null;
  const classColors = new Map<string, string>();
  for (const a of anomalies) for (const [color, name] of Object.entries(a.colorMap!)) if (!classColors.has(color)) classColors.set(color, name);

  const cellClass: (string | null)[][] = [];
  for (const [i, a] of anomalies.entries()) cellClass.push(await maskCells(a.maskFile!, a.colorMap!, views[i], grid));

  const cells = grid.width * grid.height;
  const sums = new Map<string, { sum: Float64Array; count: number }>();
  const values: { value: number; positive: boolean }[] = [];
  maps.forEach((scored, i) => {
    for (let cell = 0; cell < cells; cell++) {
      const cls = cellClass[i][cell];
      values.push({ value: scored.map[cell], positive: cls !== null });
      if (cls === null) continue;
      const entry = sums.get(cls) ?? { sum: new Float64Array(FEATURE_DIM), count: 0 };
      for (let d = 0; d < FEATURE_DIM; d++) entry.sum[d] += scored.patches[cell * FEATURE_DIM + d];
      entry.count++;
      sums.set(cls, entry);
    }
  });

  const sorted = [...values].sort((a, b) => a.value - b.value);
  const positives = values.filter((v) => v.positive).length;
  let best = { f1: -1, threshold: sorted[sorted.length - 1]?.value ?? 0 };
  let tp = positives;
  let fp = values.length - positives;
  for (let i = 0; i < sorted.length - 1; i++) {
    if (sorted[i].positive) tp--;
    else fp--;
    if (sorted[i].value === sorted[i + 1].value) continue;
    const fn = positives - tp;
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best.f1) best = { f1, threshold: (sorted[i].value + sorted[i + 1].value) / 2 };
  }

  const classes: SegmentationClass[] = [];
  for (const [color, name] of classColors) {
    const entry = sums.get(name);
    if (!entry || classes.some((c) => c.name === name)) continue;
    classes.push({ name, color, centroid: Array.from(entry.sum, (v) => v / entry.count) });
  }
  if (classes.length === 0) return null;
  const weighted = await learnGreyWeighting(anomalies, maps, views, grid, best.threshold);
  const mask: MaskRule = weighted ?? { pixelThreshold: best.threshold };
  const seeded = await learnSeedThreshold(anomalies, maps, views, grid, mask);
  return { classes, ...mask, ...seeded };
}

/** How a mask pixel's value is made and cut, before any seed threshold. */
interface MaskRule {
  pixelThreshold: number;
  grey?: GreyContrast;
}

/**
 * The grey weighting and pixel threshold whose masks best match the
 * training masks at the image's own pixels (pooled IoU over the crops,
 * every GREY_STEP-th pixel and row), when they match them better than the
 * map alone at the grid's threshold; else null (masks from the map alone, as before). Each candidate's
 * threshold is the best of THRESHOLD_BINS cuts over its weighted map's
 * range: 0 (distances are not negative; below, never anomalous) to the
 * largest map value x (1 + weight), the contrast being at most 1.
 */
async function learnGreyWeighting(
  anomalies: TrainingImage[],
  maps: ScoredImage[],
  views: ModelView[],
  grid: Grid,
  gridThreshold: number,
): Promise<{ grey: GreyContrast; pixelThreshold: number } | null> {
  // Every view has the same crop size; its place is each image's own.
  const { crop } = views[0];
  const top = Math.max(...maps.map((m) => maxOf(m.map)));
  if (!(top > 0)) return null;
  const longer = Math.max(crop.width, crop.height);
  const radii = [...new Set(GREY_RADII.map((f) => Math.max(1, Math.round(longer * f))))];
  const inners = [...new Set(GREY_INNER_RADII.map((f) => Math.round(longer * f)))];
  const pairs = radii.flatMap((radius) => inners.filter((inner) => inner < radius).map((inner) => ({ radius, inner })));
  const candidates = pairs.flatMap((pair, p) => GREY_WEIGHTS.map((weight) => ({ ...pair, pair: p, weight, top: top * (1 + weight) })));
  const positive = candidates.map(() => new Float64Array(THRESHOLD_BINS));
  const negative = candidates.map(() => new Float64Array(THRESHOLD_BINS));
  const plain = { tp: 0, fp: 0, fn: 0 };
  for (const [i, a] of anomalies.entries()) {
    const luma = await cropLuma(a.file, views[i].crop);
    const table = new GreyContrastTable(luma, crop.width, crop.height);
    const contrasts = new Float64Array(pairs.length);
    const truth = await maskPixels(a.maskFile!, a.colorMap!, views[i]);
    const { map } = maps[i];
    for (let y = 0; y < crop.height; y += GREY_STEP)
      for (let x = 0; x < crop.width; x += GREY_STEP) {
        const p = y * crop.width + x;
        const value = sampleMap(map, grid, x, y, crop.width, crop.height);
        const isTrue = truth[p] === 1;
        pairs.forEach(({ radius, inner }, k) => (contrasts[k] = table.at(x, y, radius, inner)));
        if (value > gridThreshold) {
          if (isTrue) plain.tp++;
          else plain.fp++;
        } else if (isTrue) plain.fn++;
        for (let k = 0; k < candidates.length; k++) {
          const weighted = greyWeighted(value, contrasts[candidates[k].pair], candidates[k].weight);
          const bin = Math.max(0, Math.min(THRESHOLD_BINS - 1, Math.floor((weighted / candidates[k].top) * THRESHOLD_BINS)));
          (isTrue ? positive : negative)[k][bin]++;
        }
      }
  }
  let best: { iou: number; grey: GreyContrast | null; pixelThreshold: number } = { iou: plain.tp / (plain.tp + plain.fp + plain.fn), grey: null, pixelThreshold: gridThreshold };
  candidates.forEach((c, k) => {
    let positives = 0;
    let fp = 0;
    for (let b = 0; b < THRESHOLD_BINS; b++) {
      positives += positive[k][b];
      fp += negative[k][b];
    }
    let tp = positives;
    // Anomalous: the bins above b, a weighted value above (b + 1) / THRESHOLD_BINS of the candidate's top.
    for (let b = 0; b < THRESHOLD_BINS - 1; b++) {
      tp -= positive[k][b];
      fp -= negative[k][b];
      const iou = tp / (positives + fp);
      if (tp > 0 && iou > best.iou) best = { iou, grey: { weight: c.weight, radius: c.radius, ...(c.inner > 0 ? { inner: c.inner } : {}) }, pixelThreshold: ((b + 1) / THRESHOLD_BINS) * c.top };
    }
  });
  return best.grey ? { grey: best.grey, pixelThreshold: best.pixelThreshold } : null;
}

/**
 * A lower pixel threshold with a seed threshold (mask-regions.ts), when the
 * pair's masks match the training masks better (pooled IoU, the same pixels
 * as learnGreyWeighting) than `mask`'s single threshold; else nothing.
 * Regions are found on those pixels (every GREY_STEP-th of every
 * GREY_STEP-th row): a coarser grid than DetectAnomalies', close enough to
 * choose by, 4 times fewer pixels.
 */
async function learnSeedThreshold(
  anomalies: TrainingImage[],
  maps: ScoredImage[],
  views: ModelView[],
  grid: Grid,
  mask: MaskRule,
): Promise<{ pixelThreshold: number; seedThreshold: number } | Record<string, never>> {
  // Every view has the same crop size; its place is each image's own.
  const { crop } = views[0];
  const { grey } = mask;
  const width = Math.ceil(crop.width / GREY_STEP);
  const height = Math.ceil(crop.height / GREY_STEP);
  const images: { values: Float64Array; truth: Uint8Array }[] = [];
  let positives = 0;
  const single = { tp: 0, fp: 0 };
  for (const [i, a] of anomalies.entries()) {
    const table = grey === undefined ? null : new GreyContrastTable(await cropLuma(a.file, views[i].crop), crop.width, crop.height);
    const fullTruth = await maskPixels(a.maskFile!, a.colorMap!, views[i]);
    const values = new Float64Array(width * height);
    const truth = new Uint8Array(width * height);
    for (let y = 0, j = 0; y < crop.height; y += GREY_STEP)
      for (let x = 0; x < crop.width; x += GREY_STEP, j++) {
        const value = sampleMap(maps[i].map, grid, x, y, crop.width, crop.height);
        values[j] = table === null ? value : greyWeighted(value, table.at(x, y, grey!.radius, grey!.inner), grey!.weight);
        truth[j] = fullTruth[y * crop.width + x];
        positives += truth[j];
        if (values[j] > mask.pixelThreshold) single[truth[j] === 1 ? 'tp' : 'fp']++;
      }
    images.push({ values, truth });
  }
  let best = { iou: single.tp / (positives + single.fp), pixelThreshold: mask.pixelThreshold, seedThreshold: 0 };
  for (const low of LOW_THRESHOLD_FACTORS) {
    const pixelThreshold = mask.pixelThreshold * low;
    const tp = new Float64Array(SEED_FACTORS.length);
    const fp = new Float64Array(SEED_FACTORS.length);
    for (const image of images) {
      const { labels, peaks } = regionsAbove(image.values, width, height, pixelThreshold);
      const regionTp = new Float64Array(peaks.length);
      const regionFp = new Float64Array(peaks.length);
      for (let j = 0; j < labels.length; j++) if (labels[j] !== 0) (image.truth[j] === 1 ? regionTp : regionFp)[labels[j] - 1]++;
      peaks.forEach((peak, r) =>
        SEED_FACTORS.forEach((factor, k) => {
          if (peak <= pixelThreshold * factor) return;
          tp[k] += regionTp[r];
          fp[k] += regionFp[r];
        }),
      );
    }
    SEED_FACTORS.forEach((factor, k) => {
      const iou = tp[k] / (positives + fp[k]);
      if (tp[k] > 0 && iou > best.iou) best = { iou, pixelThreshold, seedThreshold: pixelThreshold * factor };
    });
  }
  return best.seedThreshold > 0 ? { pixelThreshold: best.pixelThreshold, seedThreshold: best.seedThreshold } : {};
}

/** Each pixel of the view's crop of a mask: 1 where it has a class colour, else 0. */
async function maskPixels(file: string, colorMap: Record<string, string>, view: ModelView): Promise<Uint8Array> {
  const { crop } = view;
  const { data, info } = await sharp(await readFile(file)).removeAlpha().extract(crop).raw().toBuffer({ resolveWithObject: true });
  const colours = new Set(Object.keys(colorMap).map((c) => parseInt(c.slice(1), 16)));
  const out = new Uint8Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) {
    const o = i * info.channels;
    out[i] = colours.has((data[o] << 16) | (data[o + 1] << 8) | data[o + 2]) ? 1 : 0;
  }
  return out;
}

/** Each feature-grid cell's majority class in the view's crop of a mask (null: mostly background). */
export async function maskCells(file: string, colorMap: Record<string, string>, view: ModelView, grid: Grid): Promise<(string | null)[]> {
  const mask = sharp(await readFile(file));
  const { width = 0, height = 0 } = await mask.metadata();
  const { crop } = view;
  const whole = crop.left === 0 && crop.top === 0 && crop.width === width && crop.height === height;
  const { data, info } = await (whole ? mask : mask.extract(crop))
    .removeAlpha()
    .resize(grid.width * SUBCELLS, grid.height * SUBCELLS, { kernel: 'nearest', fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const cells: (string | null)[] = [];
  for (let gy = 0; gy < grid.height; gy++)
    for (let gx = 0; gx < grid.width; gx++) {
      const counts = new Map<string, number>();
      for (let y = 0; y < SUBCELLS; y++)
        for (let x = 0; x < SUBCELLS; x++) {
          const o = ((gy * SUBCELLS + y) * info.width + gx * SUBCELLS + x) * info.channels;
          const color = `#${Buffer.from([data[o], data[o + 1], data[o + 2]]).toString('hex').toUpperCase()}`;
          const name = colorMap[color];
          if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
      cells.push(top && top[1] >= (SUBCELLS * SUBCELLS) / 2 ? top[0] : null);
    }
  return cells;
}
