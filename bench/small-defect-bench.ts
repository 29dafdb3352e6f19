/**
 * Small defects on high-resolution images (npm run bench:small-defects; also
 * part of npm run bench:detector). The sets come from bench/small-defects
 * (generated into bench/.cache on first use). Per set and split: train on 40
 * images, answer every test image through DetectAnomalies in-process at one
 * onnxruntime thread, and report image AUROC overall, per defect size and per
 * defect type, F1 at the model's own threshold, the confidence of right vs
 * wrong answers, detect latency and training time.
 *
 *   BENCH_SPLITS (default 3), LOOKOUT_SAMPLES, SMALL_DEFECT_SETS=aliens-hr,cookies-hr,
 *   SMALL_DEFECT_RAW_SCORES=1 (also rank by the detector's raw score, when it exposes one),
 *   SMALL_DEFECT_MASKS=1 (train the anomalies with their masks: a segmentation model, which may learn a defect direction)
 *   SMALL_DEFECT_TRAIN_NORMALS=N (train on the first N of each split's normal photos: a learning curve; the test images stay the same)
 *
 * Sample images: Amazon Web Services, aws-samples/amazon-lookout-for-vision.
 */
import 'reflect-metadata';
import { existsSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostedDetector } from '../src/engine/detector/detection';
import { PatchModel } from '../src/engine/detector/patch-model';
import { auroc, averagePrecision } from '../src/engine/detector/thresholds';
import type { ModelManifest } from '../src/engine/detector/model-artifact';
import { trainModel, type TrainingImage } from '../src/engine/detector/trainer';
import { DEFECT_TYPES, SIZE_BUCKETS, type DefectType, type SizeBucket } from './small-defects/defects';
import { DEFAULT_CACHE, DEFAULT_SAMPLES, SET_NAMES, ensureSmallDefectSets, generatorVersion, type GeneratedImage, type SetName, type SplitIndex } from './small-defects/generate';
import { anomalyProbability, confidenceFigures, formatConfidence, type ConfidenceFigures, type Verdict } from './verdicts';

export interface SmallDefectOptions {
  samples?: string;
  splits?: number;
  sets?: readonly SetName[];
  cacheDir?: string;
  /** Also rank test images by the detector's raw score (an extra scoring pass per image), when HostedDetector has score(). */
  rawScores?: boolean;
  /** Train the anomalies with their masks (a segmentation model) instead of as labels alone. */
  masks?: boolean;
  /** Train on the first N of each split's normal photos only (a learning curve); the anomalies and the test images are unchanged. */
  trainNormals?: number;
  log?: (line: string) => void;
}

export interface ImageVerdict extends Verdict {
  name: string;
  type?: DefectType;
  bucket?: SizeBucket;
  areaFraction?: number;
  detectMs: number;
  score?: number;
}

export interface SmallDefectRun {
  set: SetName;
  split: number;
  width: number;
  height: number;
  trainImages: number;
  testNormal: number;
  testAnomaly: number;
  /** AUROC of the probability of anomaly (Confidence if anomalous, else 1 - Confidence): all test anomalies vs all test normals. */
  imageAuroc: number;
  averagePrecision: number;
  /** Each size bucket's anomalies against all test normals. */
  bucketAuroc: Record<SizeBucket, number>;
  /** Each defect type's anomalies against all test normals. */
  typeAuroc: Record<DefectType, number>;
  /** The same, ranked by the detector's raw score (only with rawScores). */
  scoreAuroc?: number;
  scoreBucketAuroc?: Record<SizeBucket, number>;
  /** At the model's own threshold (IsAnomalous). */
  f1: number;
  precision: number;
  recall: number;
  /** Recall per size bucket at the model's threshold. */
  bucketRecall: Record<SizeBucket, number>;
  /** False positive rate on the test normals. */
  falsePositiveRate: number;
  confidence: ConfidenceFigures;
  /** Wall time of trainModel. */
  trainSeconds: number;
  /** What training chose: input size and scoring. */
  chosen: string;
  detectP50: number;
  detectP95: number;
  verdicts: ImageVerdict[];
}

export interface SmallDefectSummary {
  set: SetName;
  size: string;
  splits: number;
  imageAuroc: Spread;
  bucketAuroc: Record<SizeBucket, Spread>;
  typeAuroc: Record<DefectType, Spread>;
  scoreAuroc?: Spread;
  averagePrecision: Spread;
  f1: Spread;
  falsePositiveRate: Spread;
  bucketRecall: Record<SizeBucket, Spread>;
  /** Pooled over all splits' test images. */
  confidence: ConfidenceFigures;
  trainSeconds: Spread;
  /** Pooled over all splits' test images. */
  detectP50: number;
  detectP95: number;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
}

export interface SmallDefectReport {
  generatorVersion: string;
  runs: SmallDefectRun[];
  summaries: SmallDefectSummary[];
}

/** Trains and tests on every requested split of every requested set (generating them when missing). */
export async function runSmallDefectBench(model: PatchModel, options: SmallDefectOptions = {}): Promise<SmallDefectReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const indexes = await ensureSmallDefectSets({ samples: options.samples, splits: options.splits ?? 3, sets: options.sets, cacheDir: options.cacheDir, log });
  const runs: SmallDefectRun[] = [];
  for (const index of indexes) {
    const run = await runSplit(model, withTrainNormals(index, options.trainNormals), options.rawScores ?? false, options.masks ?? false);
    runs.push(run);
    log(`small-defects: ${index.set} split ${index.split}: AUROC ${fmt(run.imageAuroc)}, trained in ${run.trainSeconds.toFixed(1)}s (${run.chosen}), detect p50 ${run.detectP50.toFixed(0)}ms`);
  }
  const summaries = [...new Set(runs.map((r) => r.set))].map((set) => summarize(runs.filter((r) => r.set === set)));
  return { generatorVersion: generatorVersion(), runs, summaries };
}

function withTrainNormals(index: SplitIndex, count: number | undefined): SplitIndex {
  if (count === undefined) return index;
  const normals = index.train.filter((image) => image.label === 'normal');
  if (count > normals.length) throw new Error(`${index.set} split ${index.split} has ${normals.length} normal training photos, fewer than the ${count} asked for`);
  const kept = new Set(normals.slice(0, count));
  return { ...index, train: index.train.filter((image) => image.label !== 'normal' || kept.has(image)) };
}

function toTraining(index: SplitIndex, image: GeneratedImage, masks: boolean): TrainingImage {
  const training: TrainingImage = { file: join(index.dir, image.file), name: image.name, label: image.label };
  return masks && image.maskFile ? { ...training, maskFile: join(index.dir, image.maskFile), colorMap: index.colorMap } : training;
}

async function runSplit(model: PatchModel, index: SplitIndex, rawScores: boolean, masks: boolean): Promise<SmallDefectRun> {
  const started = performance.now();
  const trained = await trainModel({ train: index.train.map((image) => toTraining(index, image, masks)), test: [] }, model);
  const trainSeconds = (performance.now() - started) / 1000;
  const detector = new HostedDetector(trained.artifact, model);
  const scorer = rawScores ? (detector as unknown as { score?: (bytes: Buffer) => Promise<{ score: number }> }).score?.bind(detector) : undefined;
  const verdicts: ImageVerdict[] = [];
  for (const image of index.test) {
    const bytes = await readFile(join(index.dir, image.file));
    const t = performance.now();
    const result = await detector.detect(bytes);
    const detectMs = performance.now() - t;
    verdicts.push({
      name: image.name,
      label: image.label,
      isAnomalous: result.IsAnomalous,
      confidence: result.Confidence,
      type: image.defect?.type,
      bucket: image.defect?.bucket,
      areaFraction: image.defect?.areaFraction,
      detectMs,
      score: scorer ? (await scorer(bytes)).score : undefined,
    });
  }
  const normals = verdicts.filter((v) => v.label === 'normal');
  const anomalies = verdicts.filter((v) => v.label === 'anomaly');
  const p = (vs: ImageVerdict[]) => vs.map(anomalyProbability);
  const s = (vs: ImageVerdict[]) => vs.map((v) => v.score ?? NaN);
  const byBucket = <T>(f: (vs: ImageVerdict[]) => T) => Object.fromEntries(SIZE_BUCKETS.map((b) => [b, f(anomalies.filter((v) => v.bucket === b))])) as Record<SizeBucket, T>;
  const byType = <T>(f: (vs: ImageVerdict[]) => T) => Object.fromEntries(DEFECT_TYPES.map((t) => [t, f(anomalies.filter((v) => v.type === t))])) as Record<DefectType, T>;
  const tp = anomalies.filter((v) => v.isAnomalous).length;
  const fp = normals.filter((v) => v.isAnomalous).length;
  const fn = anomalies.length - tp;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = anomalies.length === 0 ? 0 : tp / anomalies.length;
  const latencies = verdicts.map((v) => v.detectMs).sort((a, b) => a - b);
  return {
    set: index.set,
    split: index.split,
    width: index.width,
    height: index.height,
    trainImages: index.train.length,
    testNormal: normals.length,
    testAnomaly: anomalies.length,
    imageAuroc: auroc(p(normals), p(anomalies)),
    averagePrecision: averagePrecision(p(normals), p(anomalies)),
    bucketAuroc: byBucket((vs) => auroc(p(normals), p(vs))),
    typeAuroc: byType((vs) => auroc(p(normals), p(vs))),
    scoreAuroc: scorer ? auroc(s(normals), s(anomalies)) : undefined,
    scoreBucketAuroc: scorer ? byBucket((vs) => auroc(s(normals), s(vs))) : undefined,
    f1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
    precision,
    recall,
    bucketRecall: byBucket((vs) => (vs.length === 0 ? NaN : vs.filter((v) => v.isAnomalous).length / vs.length)),
    falsePositiveRate: normals.length === 0 ? NaN : fp / normals.length,
    confidence: confidenceFigures(verdicts),
    trainSeconds,
    chosen: chosenOf(trained.artifact.manifest),
    detectP50: quantile(latencies, 0.5),
    detectP95: quantile(latencies, 0.95),
    verdicts,
  };
}

function chosenOf(manifest: ModelManifest): string {
  const { view, scoring, direction } = manifest;
  return `${view ? `${view.inputWidth}x${view.inputHeight}` : 'whole image'}, ${scoring.topK <= 1 ? 'maximum' : `top-${scoring.topK} mean`}${direction ? `, defect direction x${direction.weight}` : ''}`;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function spread(values: number[]): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { mean: NaN, min: NaN, max: NaN };
  return { mean: finite.reduce((a, b) => a + b, 0) / finite.length, min: Math.min(...finite), max: Math.max(...finite) };
}

function summarize(runs: SmallDefectRun[]): SmallDefectSummary {
  const latencies = runs.flatMap((r) => r.verdicts.map((v) => v.detectMs)).sort((a, b) => a - b);
  return {
    set: runs[0].set,
    size: `${runs[0].width}x${runs[0].height}`,
    splits: runs.length,
    imageAuroc: spread(runs.map((r) => r.imageAuroc)),
    bucketAuroc: Object.fromEntries(SIZE_BUCKETS.map((b) => [b, spread(runs.map((r) => r.bucketAuroc[b]))])) as Record<SizeBucket, Spread>,
    typeAuroc: Object.fromEntries(DEFECT_TYPES.map((t) => [t, spread(runs.map((r) => r.typeAuroc[t]))])) as Record<DefectType, Spread>,
    scoreAuroc: runs[0].scoreAuroc === undefined ? undefined : spread(runs.map((r) => r.scoreAuroc ?? NaN)),
    averagePrecision: spread(runs.map((r) => r.averagePrecision)),
    f1: spread(runs.map((r) => r.f1)),
    falsePositiveRate: spread(runs.map((r) => r.falsePositiveRate)),
    bucketRecall: Object.fromEntries(SIZE_BUCKETS.map((b) => [b, spread(runs.map((r) => r.bucketRecall[b]))])) as Record<SizeBucket, Spread>,
    confidence: confidenceFigures(runs.flatMap((r) => r.verdicts)),
    trainSeconds: spread(runs.map((r) => r.trainSeconds)),
    detectP50: quantile(latencies, 0.5),
    detectP95: quantile(latencies, 0.95),
  };
}

function fmt(v: number, digits = 3): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '-';
}

/** The report as a table: one row per split, one mean row per set, then each set's confidence and timing. */
export function formatSmallDefectReport(report: SmallDefectReport): string[] {
  const header = ['set', 'split', 'AUROC', 'tiny', 'small', 'medium', 'scratch', 'spot', 'missing', 'shifted', 'AP', 'F1', 'FPR', 'train s', 'p50 ms', 'p95 ms'];
  const rows: string[][] = [];
  for (const run of report.runs) {
    rows.push([
      run.set,
      String(run.split),
      fmt(run.imageAuroc),
      ...SIZE_BUCKETS.map((b) => fmt(run.bucketAuroc[b])),
      ...DEFECT_TYPES.map((t) => fmt(run.typeAuroc[t])),
      fmt(run.averagePrecision),
      fmt(run.f1),
      fmt(run.falsePositiveRate, 2),
      run.trainSeconds.toFixed(1),
      run.detectP50.toFixed(0),
      run.detectP95.toFixed(0),
    ]);
  }
  for (const s of report.summaries) {
    rows.push([
      s.set,
      'mean',
      fmt(s.imageAuroc.mean),
      ...SIZE_BUCKETS.map((b) => fmt(s.bucketAuroc[b].mean)),
      ...DEFECT_TYPES.map((t) => fmt(s.typeAuroc[t].mean)),
      fmt(s.averagePrecision.mean),
      fmt(s.f1.mean),
      fmt(s.falsePositiveRate.mean, 2),
      s.trainSeconds.mean.toFixed(1),
      s.detectP50.toFixed(0),
      s.detectP95.toFixed(0),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    `small defects on high-resolution images (generator ${report.generatorVersion}; AUROC of the probability of anomaly; size buckets by defect area: tiny < 0.05%, small 0.05-0.25%, medium 0.25-1% of the image)`,
    line(header),
    ...rows.map(line),
  ];
  for (const s of report.summaries) {
    out.push(
      `${s.set} (${s.size}, ${s.splits} split(s)): AUROC ${fmt(s.imageAuroc.mean)} (min ${fmt(s.imageAuroc.min)}, max ${fmt(s.imageAuroc.max)})` +
        (s.scoreAuroc ? `, by raw score ${fmt(s.scoreAuroc.mean)}` : '') +
        `; recall at threshold tiny/small/medium ${SIZE_BUCKETS.map((b) => fmt(s.bucketRecall[b].mean, 2)).join('/')}; ${formatConfidence(s.confidence)}; ` +
        `train ${s.trainSeconds.mean.toFixed(1)}s (max ${s.trainSeconds.max.toFixed(1)}s) for ${report.runs.find((r) => r.set === s.set)?.trainImages} images; detect p50 ${s.detectP50.toFixed(1)}ms p95 ${s.detectP95.toFixed(1)}ms`,
    );
  }
  return out;
}

/** The summaries without per-image verdicts, numbers to 4 decimals, for a JSON line. */
export function smallDefectJson(report: SmallDefectReport): unknown {
  return {
    generatorVersion: report.generatorVersion,
    summaries: report.summaries,
    runs: report.runs.map((r) => ({ ...r, verdicts: undefined })),
  };
}

export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toFixed(4)) : null) : v));
}

function optionalCount(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new Error(`SMALL_DEFECT_TRAIN_NORMALS must be a whole number of at least 1, not ${value}`);
  return count;
}

async function main(): Promise<void> {
  if (!existsSync(join(DEFAULT_SAMPLES, 'aliens'))) {
    console.error(`Sample data not found at ${DEFAULT_SAMPLES} (set LOOKOUT_SAMPLES).`);
    process.exit(2);
  }
  const sets = (process.env.SMALL_DEFECT_SETS?.split(',').map((s) => s.trim()) ?? [...SET_NAMES]) as SetName[];
  const unknown = sets.filter((s) => !SET_NAMES.includes(s));
  if (unknown.length > 0) throw new Error(`unknown set(s) ${unknown.join(', ')}; known: ${SET_NAMES.join(', ')}`);
  const model = await PatchModel.create(1);
  const report = await runSmallDefectBench(model, { splits: Number(process.env.BENCH_SPLITS ?? 3), sets, rawScores: process.env.SMALL_DEFECT_RAW_SCORES === '1', masks: process.env.SMALL_DEFECT_MASKS === '1', trainNormals: optionalCount(process.env.SMALL_DEFECT_TRAIN_NORMALS) });
  await model.release();
  for (const line of formatSmallDefectReport(report)) console.log(line);
  // Every test image's verdict, for a closer look.
  const verdictsFile = join(DEFAULT_CACHE, 'last-run-verdicts.json');
  writeFileSync(verdictsFile, jsonLine(report.runs.map((r) => ({ set: r.set, split: r.split, verdicts: r.verdicts }))));
  console.log(`per-image verdicts: ${verdictsFile}`);
  console.log(jsonLine({ smallDefects: smallDefectJson(report) }));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
