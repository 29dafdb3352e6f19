/**
 * Detector accuracy and speed on the AWS sample images (npm run bench:detector).
 * Credit: Amazon Web Services, aws-samples/amazon-lookout-for-vision.
 */
import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { FEATURE_GRID } from '../src/engine/detector/backbone-onnx';
import { HostedDetector } from '../src/engine/detector/detection';
import { PatchModel } from '../src/engine/detector/patch-model';
import { SeededRandom } from '../src/engine/detector/seeded-random';
import { auroc, confusionAt, performanceOf } from '../src/engine/detector/thresholds';
import { sampleMap, type Grid } from '../src/engine/detector/anomaly-map';
import { trainModel, type TrainingImage } from '../src/engine/detector/trainer';
import type { ModelArtifact, ModelView } from '../src/engine/detector/model-artifact';
import { runEngineBench } from './engine-phase';
import { formatSmallDefectReport, runSmallDefectBench, smallDefectJson } from './small-defect-bench';
import { confidenceFigures, formatConfidence, type Verdict } from './verdicts';

const SAMPLES = resolve(process.env.LOOKOUT_SAMPLES ?? join(__dirname, '../../shared/data/lookout-samples'));
const SPLITS = Number(process.env.BENCH_SPLITS ?? 5);
/** Parts to run (default all): aliens, cookies, small (the small-defect sets), engine. */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'aliens,cookies,small,engine').split(',').map((p) => p.trim()));

interface RunResult {
  imageAuroc: number;
  f1: number;
  trainSeconds: number;
  trainImages: number;
  pixelAuroc?: number;
  /** Pooled pixel F1 (Dice) and IoU of the returned masks against the ground truth. */
  maskF1?: number;
  maskIou?: number;
  /** The mask rule training learned (segmentation's thresholds and grey weighting). */
  maskRule?: string;
  /** The scoring variant training chose. */
  scoring: string;
  latencies: number[];
  /** Every test image's DetectAnomalies verdict: for the confidence of right vs wrong answers. */
  verdicts: Verdict[];
}

/** A test image's anomaly map over its model's view. */
interface ScoredMap {
  map: Float32Array;
  view: ModelView;
  grid: Grid;
}

async function main(): Promise<void> {
  if (!existsSync(join(SAMPLES, 'aliens'))) {
    console.error(`Sample data not found at ${SAMPLES} (set LOOKOUT_SAMPLES).`);
    process.exit(2);
  }
  const model = await PatchModel.create(1);
  const aliens: RunResult[] = [];
  if (PARTS.has('aliens')) for (let split = 0; split < SPLITS; split++) aliens.push(await aliensSplit(model, split));
  const cookies = PARTS.has('cookies') ? await cookiesRun(model) : null;
  const smallDefects = PARTS.has('small') ? await runSmallDefectBench(model, { splits: Number(process.env.BENCH_SPLITS ?? 3), samples: SAMPLES }) : null;
  await model.release();
  report('aliens', aliens);
  if (cookies) report('cookies', [cookies]);
  if (smallDefects) for (const line of formatSmallDefectReport(smallDefects)) console.log(line);
  if (!PARTS.has('engine')) return;
  if (!cookies || !smallDefects) throw new Error('the engine part runs with every other part');
  const engine = await runEngineBench(SAMPLES);
  console.log(
    `engine (cookies, segmentation manifest, ${engine.trainImages} images): train=${engine.trainSeconds.toFixed(1)}s ` +
      `detect over HTTP at 1 unit p50=${engine.p50.toFixed(1)}ms p95=${engine.p95.toFixed(1)}ms (${engine.requests} requests); ` +
      `2 units, 4 clients: p50=${engine.parallelP50.toFixed(1)}ms, ${engine.parallelThroughput.toFixed(1)} images/s vs ${engine.serialThroughput.toFixed(1)} images/s at 1 unit`,
  );
  const figures = (r: RunResult) => ({ ...r, latencies: undefined, verdicts: undefined, confidence: confidenceFigures(r.verdicts) });
  console.log(
    JSON.stringify({ aliens: aliens.map(figures), cookies: figures(cookies), engine, smallDefects: smallDefectJson(smallDefects) }, (_k, v) =>
      typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toFixed(4)) : null) : v,
    ),
  );
}

/** Aliens: half the normal images and 10 anomalies train; the rest test. */
async function aliensSplit(model: PatchModel, seed: number): Promise<RunResult> {
  const random = new SeededRandom(100 + seed);
  const list = (label: 'normal' | 'anomaly') =>
    random.shuffle(readdirSync(join(SAMPLES, 'aliens', label)).map((f) => ({ file: join(SAMPLES, 'aliens', label, f), name: `${label}/${f}`, label })));
  const normal = list('normal');
  const anomaly = list('anomaly');
  const half = Math.floor(normal.length / 2);
  const train: TrainingImage[] = [...normal.slice(0, half), ...anomaly.slice(0, 10)];
  const test: TrainingImage[] = [...normal.slice(half), ...anomaly.slice(10)];
  return (await evaluate(model, train, test)).result;
}

/** Cookies: 31 normal + 10 masked anomalies train; test images plus the other 22 masked anomalies test. */
async function cookiesRun(model: PatchModel): Promise<RunResult> {
  const dir = join(SAMPLES, 'cookies');
  const images = readdirSync(join(dir, 'training-images'));
  const colorMap = { '#23A436': 'cracked' };
  const normal = images.filter((f) => f.startsWith('normal')).map((f) => ({ file: join(dir, 'training-images', f), name: f, label: 'normal' as const }));
  const anomaly = images
    .filter((f) => f.startsWith('anomaly'))
    .sort((a, b) => parseInt(a.slice(8)) - parseInt(b.slice(8)))
    .map((f) => ({ file: join(dir, 'training-images', f), name: f, label: 'anomaly' as const, maskFile: join(dir, 'mask-images', f.replace('.jpg', '.png')), colorMap }));
  const testImages = readdirSync(join(dir, 'test-images')).map((f) => ({
    file: join(dir, 'test-images', f),
    name: f,
    label: f.includes('anomaly') ? ('anomaly' as const) : ('normal' as const),
  }));
  const train = [...normal, ...anomaly.slice(0, 10)];
  const { result, maps, artifact } = await evaluate(model, train, [...testImages, ...anomaly.slice(10)]);
  result.pixelAuroc = await pixelAuroc(anomaly.slice(10), maps);
  Object.assign(result, await maskOverlap(new HostedDetector(artifact, model), anomaly.slice(10)));
  const { classes: _classes, ...rule } = artifact.manifest.segmentation ?? { classes: [] };
  result.maskRule = JSON.stringify(rule);
  return result;
}

/** Trains on `train`, scores `test`; returns the figures and each test image's anomaly map. */
async function evaluate(
  model: PatchModel,
  train: TrainingImage[],
  test: TrainingImage[],
): Promise<{ result: RunResult; maps: Map<string, ScoredMap>; artifact: ModelArtifact }> {
  const trained = await trainModel({ train, test: [] }, model);
  const detector = new HostedDetector(trained.artifact, model);
  const normalScores: number[] = [];
  const anomalyScores: number[] = [];
  const maps = new Map<string, ScoredMap>();
  for (const image of test) {
    const { score, map, view, grid } = await detector.score(await readFile(image.file));
    (image.label === 'anomaly' ? anomalyScores : normalScores).push(score);
    maps.set(image.file, { map, view, grid });
  }
  // Every test image through DetectAnomalies (its verdict and confidence); the first 30 timed.
  const latencies: number[] = [];
  const verdicts: Verdict[] = [];
  for (const [i, image] of test.entries()) {
    const bytes = await readFile(image.file);
    const t = performance.now();
    const detection = await detector.detect(bytes);
    if (i < 30) latencies.push(performance.now() - t);
    verdicts.push({ label: image.label, isAnomalous: detection.IsAnomalous, confidence: detection.Confidence });
  }
  return {
    result: {
      imageAuroc: auroc(normalScores, anomalyScores),
      f1: performanceOf(confusionAt(normalScores, anomalyScores, trained.artifact.manifest.threshold)).F1Score,
      trainSeconds: trained.artifact.manifest.training.seconds,
      trainImages: train.length,
      scoring: `sigma=${trained.artifact.manifest.scoring.sigma} top${trained.artifact.manifest.scoring.topK}`,
      latencies,
      verdicts,
    },
    maps,
    artifact: trained.artifact,
  };
}

/** The masks DetectAnomalies returns, against the ground truth: anomalous = not white vs not black. */
async function maskOverlap(detector: HostedDetector, masked: TrainingImage[]): Promise<{ maskF1: number; maskIou: number }> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const image of masked) {
    const result = await detector.detect(await readFile(image.file));
    const truth = await sharp(await readFile(image.maskFile!)).removeAlpha().raw().toBuffer();
    const predicted = result.AnomalyMask ? await sharp(Buffer.from(result.AnomalyMask)).removeAlpha().raw().toBuffer() : null;
    for (let i = 0; i < truth.length; i += 3) {
      const isTrue = truth[i] || truth[i + 1] || truth[i + 2];
      const isPredicted = predicted !== null && !(predicted[i] === 255 && predicted[i + 1] === 255 && predicted[i + 2] === 255);
      if (isTrue && isPredicted) tp++;
      else if (isPredicted) fp++;
      else if (isTrue) fn++;
    }
  }
  return { maskF1: (2 * tp) / (2 * tp + fp + fn), maskIou: tp / (tp + fp + fn) };
}

/**
 * Pixel AUROC of the anomaly map (upsampled to the image) against the
 * ground-truth masks. Pixels outside the model's view score lowest.
 */
async function pixelAuroc(masked: TrainingImage[], maps: Map<string, ScoredMap>): Promise<number> {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (const image of masked) {
    const { map, view, grid } = maps.get(image.file)!;
    // Sampled on a 128x128 grid over the image: 16k pixels an image keeps the pairwise AUROC cheap.
    const side = FEATURE_GRID * 4;
    const mask = sharp(await readFile(image.maskFile!));
    const { width = side, height = side } = await mask.metadata();
    const { data, info } = await mask.removeAlpha().resize(side, side, { kernel: 'nearest', fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
    const { crop } = view;
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        const o = (y * side + x) * info.channels;
        const px = ((x + 0.5) * width) / side - 0.5 - crop.left;
        const py = ((y + 0.5) * height) / side - 0.5 - crop.top;
        const inside = px >= -0.5 && py >= -0.5 && px < crop.width - 0.5 && py < crop.height - 0.5;
        const value = inside ? sampleMap(map, grid, px, py, crop.width, crop.height) : -Infinity;
        (data[o] || data[o + 1] || data[o + 2] ? positives : negatives).push(value);
      }
  }
  return fastAuroc(negatives, positives);
}

/** AUROC by ranks (Mann-Whitney U), for large samples. */
function fastAuroc(negatives: number[], positives: number[]): number {
  const all = [...negatives.map((v) => ({ v, p: 0 })), ...positives.map((v) => ({ v, p: 1 }))].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k].p) rankSum += rank;
    i = j;
  }
  const n1 = positives.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * negatives.length);
}

function report(name: string, runs: RunResult[]): void {
  if (runs.length === 0) return;
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  const stat = (pick: (r: RunResult) => number) => {
    const v = runs.map(pick).sort((a, b) => a - b);
    return `${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(3)} (min ${v[0].toFixed(3)}, max ${v[v.length - 1].toFixed(3)})`;
  };
  console.log(`${name}: runs=${runs.length} imageAUROC=${stat((r) => r.imageAuroc)} F1=${stat((r) => r.f1)} train=${stat((r) => r.trainSeconds)}s for ${runs[0].trainImages} images` +
    (runs[0].pixelAuroc !== undefined ? ` pixelAUROC=${runs[0].pixelAuroc.toFixed(3)} maskF1=${runs[0].maskF1?.toFixed(3)} maskIoU=${runs[0].maskIou?.toFixed(3)} mask rule ${runs[0].maskRule}` : '') + ` detect p50=${q(0.5).toFixed(1)}ms p95=${q(0.95).toFixed(1)}ms`);
  // Pooled over the runs' test images.
  console.log(`${name}: ${formatConfidence(confidenceFigures(runs.flatMap((r) => r.verdicts)))}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
