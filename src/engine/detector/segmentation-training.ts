import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Grid } from './anomaly-map';
import { FEATURE_DIM } from './backbone-onnx';
import type { ModelView, SegmentationClass } from './model-artifact';
import type { ScoredImage } from './scoring';
import type { TrainingImage } from './trainer';

/** Mask pixels looked at per grid cell, per side. */
const SUBCELLS = 4;

/**
 * With a mask for every anomalous training image: the map value above which a
 * cell is anomalous (best pooled F1 against the masks on the feature grid),
 * and each class's mean patch feature, to name what a cell shows.
 * `maps` holds the anomalies' smoothed maps and patches at the model's view.
 */
export async function learnSegmentation(
  anomalies: TrainingImage[],
  maps: ScoredImage[],
  view: ModelView,
  grid: Grid,
): Promise<{ pixelThreshold: number; classes: SegmentationClass[] } | null> {
  if (anomalies.length === 0 || maps.length !== anomalies.length || anomalies.some((a) => !a.maskFile || !a.colorMap)) return null;
  const classColors = new Map<string, string>();
  for (const a of anomalies) for (const [color, name] of Object.entries(a.colorMap!)) if (!classColors.has(color)) classColors.set(color, name);

  const cellClass: (string | null)[][] = [];
  for (const a of anomalies) cellClass.push(await maskCells(a.maskFile!, a.colorMap!, view, grid));

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
  return { pixelThreshold: best.threshold, classes };
}

/** Each feature-grid cell's majority class in the view's crop of a mask (null: mostly background). */
async function maskCells(file: string, colorMap: Record<string, string>, view: ModelView, grid: Grid): Promise<(string | null)[]> {
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
