import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { FEATURE_DIM, FEATURE_GRID } from './backbone-onnx';
import type { SegmentationClass } from './model-artifact';
import { PATCHES_PER_IMAGE } from './patch-model';
import type { ScoredImage } from './scoring';
import type { TrainingImage } from './trainer';

/**
 * With a mask for every anomalous training image: the map value above which a
 * cell is anomalous (best pooled F1 against the masks on the feature grid),
 * and each class's mean patch feature, to name what a cell shows.
 */
export async function learnSegmentation(
  anomalies: TrainingImage[],
  maps: ScoredImage[],
  imageThreshold: number,
): Promise<{ pixelThreshold: number; classes: SegmentationClass[] } | null> {
  if (anomalies.length === 0 || anomalies.some((a) => !a.maskFile || !a.colorMap)) return null;
  const classColors = new Map<string, string>();
  for (const a of anomalies) for (const [color, name] of Object.entries(a.colorMap!)) if (!classColors.has(color)) classColors.set(color, name);

  const cellClass: (string | null)[][] = [];
  for (const a of anomalies) cellClass.push(await maskCells(a.maskFile!, a.colorMap!));

  const sums = new Map<string, { sum: Float64Array; count: number }>();
  const values: { value: number; positive: boolean }[] = [];
  maps.forEach((scored, i) => {
    for (let cell = 0; cell < PATCHES_PER_IMAGE; cell++) {
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
  let best = { f1: -1, threshold: imageThreshold };
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

/** Each feature-grid cell's majority class in a mask (null: mostly background). */
async function maskCells(file: string, colorMap: Record<string, string>): Promise<(string | null)[]> {
  const { data, info } = await sharp(await readFile(file)).removeAlpha().resize(FEATURE_GRID * 4, FEATURE_GRID * 4, { kernel: 'nearest', fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  const cells: (string | null)[] = [];
  for (let gy = 0; gy < FEATURE_GRID; gy++)
    for (let gx = 0; gx < FEATURE_GRID; gx++) {
      const counts = new Map<string, number>();
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 4; x++) {
          const o = ((gy * 4 + y) * info.width + gx * 4 + x) * info.channels;
          const color = `#${Buffer.from([data[o], data[o + 1], data[o + 2]]).toString('hex').toUpperCase()}`;
          const name = colorMap[color];
          if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
      cells.push(top && top[1] >= 8 ? top[0] : null);
    }
  return cells;
}

