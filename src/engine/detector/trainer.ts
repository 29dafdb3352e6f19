import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { FEATURE_DIM } from './backbone-onnx';
import { greedyCoreset } from './coreset';
import { toModelInput } from './image-tensor';
import type { ModelArtifact } from './model-artifact';
import { PATCHES_PER_IMAGE, toMemoryBank, type PatchModel } from './patch-model';
import { SeededRandom } from './seeded-random';
import { summarizeEvaluation, type EvaluationSummary } from './evaluation-summary';
import { learnSegmentation } from './segmentation-training';
import { chooseScoring, scoreMap, type ScoredImage } from './scoring';
import {
  addConfusion,
  bestSeparatingThreshold,
  confidenceOf,
  confusionAt,
  median,
  performanceOf,
  robustSpread,
  type Confusion,
  type Performance,
} from './thresholds';

export interface TrainingImage {
  /** Absolute path of the stored image. */
  file: string;
  /** What users call it (the manifest's source-ref), for messages and evaluation output. */
  name: string;
  label: 'normal' | 'anomaly';
  maskFile?: string | null;
  /** Mask colour (#RRGGBB, upper case) to class name, from the manifest. */
  colorMap?: Record<string, string>;
}

export interface TrainingInput {
  train: TrainingImage[];
  test: TrainingImage[];
}

export interface ImageEvaluation {
  image: string;
  label: 'normal' | 'anomaly';
  score: number;
  predicted: 'normal' | 'anomaly';
  /** How sure the model is of `predicted`, as DetectAnomalies would answer it (0.5-1). */
  confidence: number;
}

export interface TrainingResult {
  artifact: ModelArtifact;
  /** Per-image verdicts of the evaluation (test dataset, or held-out training images). */
  evaluation: ImageEvaluation[];
  summary: EvaluationSummary;
}

/** Patches the bank may choose from, and the most it keeps; both bound training time and detect latency. */
const MAX_BANK_CANDIDATES = 40_000;
const MAX_BANK_SIZE = 4_096;
const CORESET_FRACTION = 0.1;
const FOLDS = 5;
const CACHE_IMAGES = 200;

/**
 * PatchCore-style training: a coreset of normal patch features becomes the
 * memory bank; an image's anomaly map is each patch's distance to its nearest
 * bank patch, its score the map's maximum. The threshold comes from held-out
 * normal scores (k folds, each scored against a bank without its own images)
 * and the labelled anomalies. With masks, a pixel threshold and one feature
 * centroid per anomaly class are learned for segmentation.
 *
 * `signal` cancels: it is checked before every image, between steps and
 * inside the coreset choice, and throws (an AbortSignal its reason).
 */
export async function trainModel(input: TrainingInput, model: PatchModel, seed = 7, signal?: Cancellation): Promise<TrainingResult> {
  const started = performance.now();
  const normals = input.train.filter((i) => i.label === 'normal');
  const anomalies = input.train.filter((i) => i.label === 'anomaly');
  if (normals.length === 0) throw new TrainingError('The training dataset has no normal images.');
  const features = new FeatureCache(model, signal);
  const size = await features.size(normals[0]);

  // Memory bank: candidates sampled evenly across normal images, then the coreset.
  const random = new SeededRandom(seed);
  const perImage = Math.min(PATCHES_PER_IMAGE, Math.ceil(MAX_BANK_CANDIDATES / normals.length));
  const candidates: number[][] = [];
  const candidateImage: number[] = [];
  for (const [index, image] of normals.entries()) {
    const patches = await features.of(image, size);
    const cells = random.shuffle(Array.from({ length: PATCHES_PER_IMAGE }, (_, i) => i)).slice(0, perImage);
    for (const cell of cells) {
      candidates.push(Array.from(patches.subarray(cell * FEATURE_DIM, (cell + 1) * FEATURE_DIM)));
      candidateImage.push(index);
    }
  }
  const candidateRows = Float32Array.from(candidates.flat());
  const target = Math.max(1, Math.min(MAX_BANK_SIZE, Math.round(candidates.length * CORESET_FRACTION)));
  const chosen = greedyCoreset(candidateRows, target, seed, () => signal?.throwIfAborted());
  const bankRows = rowsAt(candidateRows, chosen);
  const bank = toMemoryBank(bankRows);

  // Held-out normal distances: fold f is scored against the bank without fold f's images.
  const folds = Math.min(FOLDS, normals.length);
  const heldOutDistances: Float32Array[] = new Array(normals.length);
  for (let f = 0; f < folds; f++) {
    const keep = Array.from(chosen).filter((c) => candidateImage[c] % folds !== f);
    const foldBank = keep.length > 0 ? toMemoryBank(rowsAt(candidateRows, Int32Array.from(keep))) : bank;
    for (let i = f; i < normals.length; i += folds) heldOutDistances[i] = await model.nearest(await features.of(normals[i], size), foldBank);
  }
  const anomalyPatches: Float32Array[] = [];
  const anomalyDistances: Float32Array[] = [];
  for (const image of anomalies) {
    const patches = await features.of(image, size);
    anomalyPatches.push(patches);
    anomalyDistances.push(await model.nearest(patches, bank));
  }

  const scoring = chooseScoring(heldOutDistances, anomalyDistances);
  const heldOutNormal = heldOutDistances.map((d) => scoreMap(d, scoring).score);
  const anomalyMaps: ScoredImage[] = anomalyDistances.map((d, i) => ({ ...scoreMap(d, scoring), patches: anomalyPatches[i] }));
  const anomalyScores = anomalyMaps.map((m) => m.score);

  const threshold = bestSeparatingThreshold(heldOutNormal, anomalyScores);
  const spread = robustSpread(heldOutNormal) || Math.max((threshold - median(heldOutNormal)) / 3, 1e-3);

  // Performance: on the test dataset when there is one, else cross-validated on the held-out scores.
  const evaluation: ImageEvaluation[] = [];
  let confusion: Confusion;
  if (input.test.length > 0) {
    const testNormal: number[] = [];
    const testAnomaly: number[] = [];
    for (const image of input.test) {
      const { score } = scoreMap(await model.nearest(await features.of(image, size), bank), scoring);
      (image.label === 'anomaly' ? testAnomaly : testNormal).push(score);
      evaluation.push({ image: image.name, label: image.label, score, predicted: score > threshold ? 'anomaly' : 'normal', confidence: confidenceOf(score, threshold, spread) });
    }
    confusion = confusionAt(testNormal, testAnomaly, threshold);
  } else {
    confusion = crossValidate(heldOutNormal, anomalyScores);
    normals.forEach((image, i) => evaluation.push({ image: image.name, label: 'normal', score: heldOutNormal[i], predicted: heldOutNormal[i] > threshold ? 'anomaly' : 'normal', confidence: confidenceOf(heldOutNormal[i], threshold, spread) }));
    anomalies.forEach((image, i) => evaluation.push({ image: image.name, label: 'anomaly', score: anomalyScores[i], predicted: anomalyScores[i] > threshold ? 'anomaly' : 'normal', confidence: confidenceOf(anomalyScores[i], threshold, spread) }));
  }

  signal?.throwIfAborted();
  const segmentation = await learnSegmentation(anomalies, anomalyMaps, threshold);
  const performanceFigures: Performance = performanceOf(confusion);
  return {
    artifact: {
      bank: bankRows,
      manifest: {
        format: 1,
        imageWidth: size.width,
        imageHeight: size.height,
        featureDim: FEATURE_DIM,
        bankSize: bank.size,
        threshold,
        spread,
        scoring,
        segmentation,
        performance: performanceFigures,
        training: {
          normal: normals.length,
          anomaly: anomalies.length,
          testNormal: input.test.filter((i) => i.label === 'normal').length,
          testAnomaly: input.test.filter((i) => i.label === 'anomaly').length,
          seconds: (performance.now() - started) / 1000,
        },
      },
    },
    evaluation,
    summary: summarizeEvaluation(evaluation, confusion),
  };
}

export class TrainingError extends Error {}

/** What stops a training: an AbortSignal, or anything else that throws once it is set. */
export interface Cancellation {
  throwIfAborted(): void;
}

/** Thrown when a training is cancelled; not the data's fault. */
export class TrainingCancelled extends Error {
  constructor() {
    super('training cancelled');
  }
}

/** Two-fold cross-validation of the threshold choice, so performance is not measured on what chose it. */
function crossValidate(normal: number[], anomaly: number[]): Confusion {
  const half = (values: number[], parity: number) => values.filter((_, i) => i % 2 === parity);
  let total: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const parity of [0, 1]) {
    const threshold = bestSeparatingThreshold(half(normal, parity), half(anomaly, parity));
    total = addConfusion(total, confusionAt(half(normal, 1 - parity), half(anomaly, 1 - parity), threshold));
  }
  return total;
}

function rowsAt(rows: Float32Array, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * FEATURE_DIM);
  indices.forEach((r, i) => out.set(rows.subarray(r * FEATURE_DIM, (r + 1) * FEATURE_DIM), i * FEATURE_DIM));
  return out;
}

/** Patch features per image file, kept for small datasets, recomputed for large ones. */
class FeatureCache {
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    private readonly model: PatchModel,
    private readonly signal?: Cancellation,
  ) {}

  async size(image: TrainingImage): Promise<{ width: number; height: number }> {
    const { width = 0, height = 0 } = await sharp(await readFile(image.file)).metadata();
    return { width, height };
  }

  async of(image: TrainingImage, size: { width: number; height: number }): Promise<Float32Array> {
    this.signal?.throwIfAborted();
    const cached = this.cache.get(image.file);
    if (cached) return cached;
    const input = await toModelInput(await readFile(image.file));
    if (input.width !== size.width || input.height !== size.height) {
      throw new TrainingError(`Image ${image.name} is ${input.width}x${input.height}; the training images are ${size.width}x${size.height}.`);
    }
    const patches = await this.model.patches(input.tensor);
    if (this.cache.size < CACHE_IMAGES) this.cache.set(image.file, patches);
    return patches;
  }
}
