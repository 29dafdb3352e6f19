/**
 * Generator of the small-defect benchmark sets (see README.md beside this file):
 * real sample images at native resolution on a larger canvas, small synthetic
 * defects, held-out splits. Images go to a cache outside git and are made
 * again when absent or when this generator changes.
 *
 *   npx tsx bench/small-defects/generate.ts      (BENCH_SPLITS, LOOKOUT_SAMPLES)
 *
 * Sample images: Amazon Web Services, aws-samples/amazon-lookout-for-vision.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { SeededRandom } from '../../src/engine/detector/seeded-random';
import { BUCKET_RANGE, DEFECT_COLORS, DEFECT_TYPES, SIZE_BUCKETS, drawDefect, partGeometry, type DefectType, type PartGeometry, type Scene, type SizeBucket } from './defects';
import { backgroundModel, backgroundTexture, boundingBox, cropRows, extendToCanvas, findPart, readRgb, type BackgroundModel, type Box, type PartRule, type Raster } from './raster';

/** Bump when the sets change in a way the source hash would not show (it covers this folder's .ts files). */
export const GENERATOR_VERSION = 2;

export const SET_NAMES = ['aliens-hr', 'cookies-hr'] as const;
export type SetName = (typeof SET_NAMES)[number];

/** Normal base images of each split's training set. */
export const TRAIN_BASES = 20;
/**
 * Photos the training anomalies are drawn on: other photos than the training
 * normals (as in real data, where a defective part is another part). Drawing
 * them on the training normals gave each anomaly a near-identical twin in the
 * memory bank, so it scored below held-out normal images. Up to 20, leaving
 * at least MIN_TEST_BASES photos to test on.
 */
export const TRAIN_ANOMALY_BASES = 20;
export const MIN_TEST_BASES = 14;
/** Largest shift of the part between images, each way, in pixels. */
export const JITTER = 25;

export interface DefectRecord {
  type: DefectType;
  bucket: SizeBucket;
  /** Defect pixels (mask) over all the image's pixels. */
  areaFraction: number;
  areaPixels: number;
  bbox: Box;
}

export interface GeneratedImage {
  /** Relative to the split's directory. */
  file: string;
  name: string;
  label: 'normal' | 'anomaly';
  /** The sample image it is made from. */
  base: string;
  /** Where the sample image's top-left corner lies on the canvas. */
  offset: { x: number; y: number };
  /** Relative to the split's directory: RGB PNG, defect pixels in DEFECT_COLORS, the rest black. */
  maskFile?: string;
  defect?: DefectRecord;
}

export interface SplitIndex {
  generatorVersion: string;
  set: SetName;
  split: number;
  /** Absolute directory of this split's files. */
  dir: string;
  samples: string;
  width: number;
  height: number;
  /** Mask colour to defect type. */
  colorMap: Record<string, DefectType>;
  buckets: Record<SizeBucket, [number, number]>;
  /** Sample images left out because the part touches their border (it would end in a straight cut on the canvas). */
  excludedBases: string[];
  train: GeneratedImage[];
  test: GeneratedImage[];
  generationSeconds: number;
}

interface SetSpec {
  name: SetName;
  width: number;
  height: number;
  format: 'png' | 'jpeg';
  bases(samples: string): { id: string; file: string }[];
  rule: PartRule;
  /** Cut the tray's rim off the top and bottom rows (it would repeat on the extended canvas). */
  trimRim: boolean;
  palette: number[][];
}

const SETS: Record<SetName, SetSpec> = {
  'aliens-hr': {
    name: 'aliens-hr',
    width: 1000,
    height: 667,
    format: 'png',
    bases: (samples) => listed(join(samples, 'aliens', 'normal'), () => true).map((f) => ({ id: `alien-${f.replace('.png', '')}`, file: join(samples, 'aliens', 'normal', f) })),
    rule: (r, g, b, bg) => Math.max(Math.abs(r - bg[0]), Math.abs(g - bg[1]), Math.abs(b - bg[2])) > 40,
    trimRim: false,
    // Dark grime, brown, white paint, blue ink, red paint.
    palette: [
      [38, 32, 30],
      [110, 70, 40],
      [238, 236, 228],
      [55, 75, 165],
      [175, 40, 45],
    ],
  },
  'cookies-hr': {
    name: 'cookies-hr',
    width: 1200,
    height: 900,
    format: 'jpeg',
    bases: (samples) => [
      ...listed(join(samples, 'cookies', 'training-images'), (f) => f.startsWith('normal')).map((f) => ({ id: `cookie-${f.replace('.jpg', '')}`, file: join(samples, 'cookies', 'training-images', f) })),
      ...listed(join(samples, 'cookies', 'test-images'), (f) => f.includes('normal')).map((f) => ({ id: `cookie-${f.replace('.jpg', '')}`, file: join(samples, 'cookies', 'test-images', f) })),
    ],
    // Baked dough is warm: red well above blue; the tray is grey.
    rule: (r, _g, b) => r - b > 38 && r > 95,
    trimRim: true,
    // Burnt, flour white, mould green, dark chocolate.
    palette: [
      [42, 30, 24],
      [236, 232, 222],
      [95, 118, 78],
      [70, 50, 40],
    ],
  },
};

function listed(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir)
    .filter(keep)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export const DEFAULT_CACHE = resolve(__dirname, '..', '.cache', 'small-defects');
export const DEFAULT_SAMPLES = resolve(process.env.LOOKOUT_SAMPLES ?? join(__dirname, '../../../shared/data/lookout-samples'));

export interface GenerateOptions {
  samples?: string;
  splits?: number;
  sets?: readonly SetName[];
  cacheDir?: string;
  log?: (line: string) => void;
}

/** This generator's version: the constant and a hash of its sources. */
export function generatorVersion(): string {
  const hash = createHash('sha1');
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.ts')).sort()) hash.update(file).update(readFileSync(join(__dirname, file)));
  return `v${GENERATOR_VERSION}-${hash.digest('hex').slice(0, 8)}`;
}

/** Every requested split of every requested set, generated when missing or stale; their indexes. */
export async function ensureSmallDefectSets(options: GenerateOptions = {}): Promise<SplitIndex[]> {
  const samples = resolve(options.samples ?? DEFAULT_SAMPLES);
  const splits = options.splits ?? 3;
  const sets = options.sets ?? SET_NAMES;
  const root = resolve(options.cacheDir ?? DEFAULT_CACHE);
  const log = options.log ?? ((line: string) => console.log(line));
  const version = generatorVersion();
  const versionDir = join(root, version);
  // Older versions' images are stale: remove them.
  if (existsSync(root)) for (const old of readdirSync(root)) if (old !== version && /^v\d+-/.test(old)) rmSync(join(root, old), { recursive: true, force: true });
  const started = performance.now();
  const result: SplitIndex[] = [];
  let generated = 0;
  let images = 0;
  for (const set of sets) {
    const missing: number[] = [];
    for (let split = 0; split < splits; split++) {
      const cached = readIndex(join(versionDir, set, `split-${split}`), version, samples);
      if (cached) result.push(cached);
      else missing.push(split);
    }
    if (missing.length === 0) continue;
    const setStarted = performance.now();
    const made = await generateSplits(SETS[set], missing, samples, join(versionDir, set), version);
    result.push(...made);
    generated += made.length;
    images += made.reduce((n, index) => n + index.train.length + index.test.length, 0);
    log(`small-defects: generated ${set} split(s) ${missing.join(', ')} (${made[0].train.length} train, ${made[0].test.length} test images each) in ${((performance.now() - setStarted) / 1000).toFixed(1)}s`);
  }
  result.sort((a, b) => SET_NAMES.indexOf(a.set) - SET_NAMES.indexOf(b.set) || a.split - b.split);
  if (generated > 0) log(`small-defects: ${generated} split(s), ${images} images written to ${relative(process.cwd(), versionDir) || versionDir} in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

function readIndex(dir: string, version: string, samples: string): SplitIndex | null {
  const file = join(dir, 'index.json');
  if (!existsSync(file)) return null;
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as SplitIndex;
    if (index.generatorVersion !== version || index.samples !== samples) return null;
    return { ...index, dir };
  } catch {
    return null;
  }
}

/** A sample image ready to be placed: pixels, part mask, background illumination. */
interface Base {
  id: string;
  image: Raster;
  part: Uint8Array;
  background: BackgroundModel;
  geometry: PartGeometry;
  touchesBorder: boolean;
}

async function loadBase(spec: SetSpec, id: string, file: string): Promise<Base> {
  let image = await readRgb(file);
  let part = findPart(image, spec.rule);
  if (spec.trimRim) {
    const { top, bottom } = rimRows(image, boundingBox(part, image.width, image.height));
    ({ image, mask: part } = cropRows(image, part, top, image.height - top - bottom));
  }
  const { width: w, height: h } = image;
  const box = boundingBox(part, w, h);
  const background = backgroundModel(image, part);
  return {
    id,
    image: background.image,
    part,
    background,
    geometry: partGeometry(part, w, h),
    touchesBorder: box.left < 3 || box.top < 3 || box.left + box.width > w - 3 || box.top + box.height > h - 3,
  };
}

/**
 * Rows of tray rim at the top and bottom of a cookie photo: down to the last
 * sharp step of the row-mean brightness within the first (last) 120 rows, in
 * any of four vertical strips (the rim runs slightly askew), plus a margin;
 * never into the cookie.
 */
function rimRows(image: Raster, cookie: Box): { top: number; bottom: number } {
  const { width: w, height: h, data } = image;
  const strips = 4;
  const means = Array.from({ length: strips }, () => new Float64Array(h));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) means[Math.min(strips - 1, Math.floor((x * strips) / w))][y] += (data[(y * w + x) * 3] + data[(y * w + x) * 3 + 1] + data[(y * w + x) * 3 + 2]) / ((3 * w) / strips);
  const limitTop = Math.max(0, Math.min(120, cookie.top - 16));
  const limitBottom = Math.max(0, Math.min(120, h - (cookie.top + cookie.height) - 16));
  let top = 0;
  let bottom = 0;
  for (const mean of means) {
    const smooth = (y: number) => (mean[Math.max(0, y - 1)] + mean[y] + mean[Math.min(h - 1, y + 1)]) / 3;
    for (let y = 0; y + 1 < limitTop; y++) if (Math.abs(smooth(y + 1) - smooth(y)) > 3.5) top = Math.max(top, y + 10);
    for (let d = 0; d + 1 < limitBottom; d++) if (Math.abs(smooth(h - 2 - d) - smooth(h - 1 - d)) > 3.5) bottom = Math.max(bottom, d + 10);
  }
  return { top: Math.min(top, limitTop), bottom: Math.min(bottom, limitBottom) };
}

/** FNV-1a: a seed from a name. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface Planned {
  key: string;
  base: Base;
  label: 'normal' | 'anomaly';
  type?: DefectType;
  bucket?: SizeBucket;
}

/** Largest seeded shift of a split's line, each way (x, y), in pixels. */
const LINE_SHIFT = { x: 40, y: 25 };

interface SplitPlan {
  split: number;
  dir: string;
  lineShift: { x: number; y: number };
  items: Planned[];
  records: GeneratedImage[];
}

/**
 * The given splits of one set. Each sample image is placed once on a plate a
 * little larger than the canvas (its background extended around it); every
 * image made from it, in any split, is a crop of that plate at its split's
 * line shift plus its own jitter (so the part and its tray move together
 * under the camera), with its defect drawn in.
 */
async function generateSplits(spec: SetSpec, splits: number[], samples: string, setDir: string, version: string): Promise<SplitIndex[]> {
  const started = performance.now();
  const all: Base[] = [];
  for (const { id, file } of spec.bases(samples)) all.push(await loadBase(spec, id, file));
  const usable = all.filter((b) => !b.touchesBorder);
  const anomalyBases = Math.min(TRAIN_ANOMALY_BASES, usable.length - TRAIN_BASES - MIN_TEST_BASES);
  if (anomalyBases < 10) throw new Error(`${spec.name}: only ${usable.length} usable sample images in ${samples}`);
  const ext = spec.format === 'png' ? 'png' : 'jpg';

  const plans: SplitPlan[] = splits.map((split) => {
    const random = new SeededRandom(seedOf(`${spec.name}:${split}`));
    const order = random.shuffle([...usable]);
    const trainBases = order.slice(0, TRAIN_BASES);
    const trainAnomalyBases = order.slice(TRAIN_BASES, TRAIN_BASES + anomalyBases);
    const testBases = order.slice(TRAIN_BASES + anomalyBases);
    // Where this split's line puts the part: a seeded shift of the centred position, shared by all its images.
    const lineShift = { x: Math.round((random.next() * 2 - 1) * LINE_SHIFT.x), y: Math.round((random.next() * 2 - 1) * LINE_SHIFT.y) };
    const items: Planned[] = [];
    trainBases.forEach((base) => items.push({ key: `train/normal-${base.id}`, base, label: 'normal' }));
    trainAnomalyBases.forEach((base, i) => {
      const type = DEFECT_TYPES[i % DEFECT_TYPES.length];
      const bucket = SIZE_BUCKETS[i % SIZE_BUCKETS.length];
      items.push({ key: `train/anomaly-${base.id}-${type}-${bucket}`, base, label: 'anomaly', type, bucket });
    });
    testBases.forEach((base) => items.push({ key: `test/normal-${base.id}`, base, label: 'normal' }));
    testBases.forEach((base, i) =>
      SIZE_BUCKETS.forEach((bucket, b) => {
        // 3 is prime to 4: within a bucket the types cycle over the test bases, and one base's three anomalies have three types.
        const type = DEFECT_TYPES[(i * SIZE_BUCKETS.length + b) % DEFECT_TYPES.length];
        items.push({ key: `test/anomaly-${base.id}-${type}-${bucket}`, base, label: 'anomaly', type, bucket });
      }),
    );
    const dir = join(setDir, `split-${split}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'train'), { recursive: true });
    mkdirSync(join(dir, 'test'), { recursive: true });
    return { split, dir, lineShift, items, records: new Array<GeneratedImage>(items.length) };
  });

  const margin = { x: LINE_SHIFT.x + JITTER, y: LINE_SHIFT.y + JITTER };
  const plateWidth = spec.width + 2 * margin.x;
  const plateHeight = spec.height + 2 * margin.y;
  const texture = new Float32Array(plateWidth * plateHeight * 3);
  const pending = new Set<Promise<void>>();
  for (const base of usable) {
    const { image } = base;
    const textureRandom = new SeededRandom(seedOf(`${spec.name}:${base.id}:texture`));
    backgroundTexture(base.background, plateWidth, plateHeight, (n) => textureRandom.int(n), texture);
    const centre = { x: Math.round((spec.width - image.width) / 2), y: Math.round((spec.height - image.height) / 2) };
    const plate = extendToCanvas(base.background, base.part, texture, plateWidth, plateHeight, centre.x + margin.x, centre.y + margin.y);
    for (const plan of plans)
      for (const [at, item] of plan.items.entries()) {
        if (item.base !== base) continue;
        const r = new SeededRandom(seedOf(`${spec.name}:${plan.split}:${item.key}`));
        const offset = {
          x: centre.x + plan.lineShift.x + Math.round((r.next() * 2 - 1) * JITTER),
          y: centre.y + plan.lineShift.y + Math.round((r.next() * 2 - 1) * JITTER),
        };
        const placed = crop(plate, margin.x + centre.x - offset.x, margin.y + centre.y - offset.y, spec.width, spec.height);
        const record: GeneratedImage = { file: `${item.key}.${ext}`, name: `${spec.name}/${item.key}.${ext}`, label: item.label, base: base.id, offset };
        let pixels = placed.canvas;
        let mask: Uint8Array | null = null;
        if (item.label === 'anomaly') {
          const scene: Scene = { canvas: placed.canvas, part: placed.part, geometry: base.geometry, offset, palette: spec.palette };
          const defect = drawDefect(scene, item.type!, item.bucket!, r);
          pixels = defect.image;
          mask = defect.mask;
          record.maskFile = `${item.key}.mask.png`;
          record.defect = { type: defect.type, bucket: defect.bucket, areaFraction: defect.areaFraction, areaPixels: defect.areaPixels, bbox: defect.bbox };
        }
        plan.records[at] = record;
        const job = writeImage(spec, join(plan.dir, record.file), pixels, mask && record.maskFile ? { file: join(plan.dir, record.maskFile), mask, color: DEFECT_COLORS[item.type!] } : null);
        pending.add(job);
        void job.finally(() => pending.delete(job));
        if (pending.size >= 3) await Promise.race(pending);
      }
  }
  await Promise.all(pending);

  const seconds = (performance.now() - started) / 1000;
  return plans.map((plan) => {
    const index: SplitIndex = {
      generatorVersion: version,
      set: spec.name,
      split: plan.split,
      dir: plan.dir,
      samples,
      width: spec.width,
      height: spec.height,
      colorMap: Object.fromEntries(Object.entries(DEFECT_COLORS).map(([type, color]) => [color, type as DefectType])),
      buckets: BUCKET_RANGE,
      excludedBases: all.filter((b) => b.touchesBorder).map((b) => b.id),
      train: plan.records.filter((r) => r.file.startsWith('train/')),
      test: plan.records.filter((r) => r.file.startsWith('test/')),
      generationSeconds: seconds / plans.length,
    };
    // Written last: an index on disk means a complete split.
    writeFileSync(join(plan.dir, 'index.json'), JSON.stringify(index, null, 1));
    return index;
  });
}

/** A canvas-sized window of a plate. */
function crop(plate: { canvas: Raster; part: Uint8Array }, left: number, top: number, width: number, height: number): { canvas: Raster; part: Uint8Array } {
  const pw = plate.canvas.width;
  const data = new Uint8Array(width * height * 3);
  const part = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (top + y) * pw + left;
    data.set(plate.canvas.data.subarray(from * 3, (from + width) * 3), y * width * 3);
    part.set(plate.part.subarray(from, from + width), y * width);
  }
  return { canvas: { width, height, data }, part };
}

async function writeImage(spec: SetSpec, file: string, image: Raster, mask: { file: string; mask: Uint8Array; color: string } | null): Promise<void> {
  const raw = { raw: { width: image.width, height: image.height, channels: 3 as const } };
  const encoded = spec.format === 'png' ? sharp(image.data, raw).png({ compressionLevel: 3, adaptiveFiltering: false }) : sharp(image.data, raw).jpeg({ quality: 92 });
  await writeFile(file, await encoded.toBuffer());
  if (mask) {
    const rgb = [1, 3, 5].map((i) => parseInt(mask.color.slice(i, i + 2), 16));
    const pixels = Buffer.alloc(image.width * image.height * 3);
    for (let p = 0; p < mask.mask.length; p++) if (mask.mask[p]) pixels.set(rgb, p * 3);
    await writeFile(mask.file, await sharp(pixels, raw).png({ compressionLevel: 2 }).toBuffer());
  }
}

if (require.main === module) {
  const splits = Number(process.env.BENCH_SPLITS ?? 3);
  if (!existsSync(join(DEFAULT_SAMPLES, 'aliens'))) {
    console.error(`Sample data not found at ${DEFAULT_SAMPLES} (set LOOKOUT_SAMPLES).`);
    process.exit(2);
  }
  ensureSmallDefectSets({ splits })
    .then((indexes) => {
      for (const index of indexes) console.log(`${index.set} split ${index.split}: ${index.dir} (${index.train.length} train, ${index.test.length} test)`);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
