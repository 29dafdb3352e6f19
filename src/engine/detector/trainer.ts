import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Grid } from './anomaly-map';
import { FEATURE_DIM } from './backbone-onnx';
import { greedyCoreset } from './coreset';
import { ImageDecodeError, ImageSizeError, toModelInput } from './image-tensor';
import { gridOf, type ModelArtifact, type ModelView } from './model-artifact';
import { selectModel, type CandidateScores } from './model-selection';
import { toMemoryBank, type MemoryBank, type PatchModel } from './patch-model';
import { learnPartRegion, shiftedWithin, type FoundPart, type PartRegion } from './region-of-interest';
import { SeededRandom } from './seeded-random';
import { summarizeEvaluation, type EvaluationSummary } from './evaluation-summary';
import { cellStatistics, DIRECTION_WEIGHTS, directionMap, foldDirections, normalCells, withDirection, type CellStatistics, type DefectDirection, type WeightedDirection } from './defect-direction';
import { learnSegmentation, maskCells } from './segmentation-training';
import { SCORING_CANDIDATES, scoreMap, type ScoredImage, type Scoring } from './scoring';
import { anomalyProbability, crossFittedSlopes, verdictConfidence, type Calibration } from './calibration';
import { confusionAt, performanceOf, robustSpread, normalOnlyThreshold, type Confusion, type Performance } from './thresholds';

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
  /**
   * The image's score: on the test dataset the kept model's score; without
   * one, its margin in nested cross-validation ((score - threshold) / spread
   * of the fold's model), so scores from different folds rank together.
   */
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
/**
 * What one image's nearest-neighbour search may cost, in grid cells times
 * bank patches: the bank halves until a view's cells fit. Every whole-image
 * size (up to 4,096 cells) keeps 4,096 patches; a region at 768 or 896 px
 * (over 4,096 and up to 8,192 cells) gets 2,048: at 768 px that answered in 94 ms
 * instead of 131 ms and trained in 13 s instead of 19 s with the same
 * accuracy (aliens-hr 0.930 against 0.928), at 896 px 0.946 against 0.948
 * (BENCHMARKS.md, issue 10's fourth session).
 */
const NEAREST_NEIGHBOUR_BUDGET = 4_096 * 4_096;
const CORESET_FRACTION = 0.1;
const BANK_FOLDS = 5;
/**
 * Input sizes (longer side) tried, in order of preference (the first wins
 * ties); a size is tried only while the time budget allows. 384 px measured
 * best on both sample sets; larger sizes help where defects are small.
 */
const INPUT_SIDES = [384, 512];
/**
 * The longer sides of a region of interest (a crop smaller than the frame),
 * largest first: the first whose pixels allow it (at most REGION_UPSCALE)
 * within MAX_REGION_CELLS is the part's only input size, beyond every
 * INPUT_SIDES, as small defects there need the pixels (aliens-hr, the crop
 * following the part: 896 px 0.959, tiny defects 0.897; 768 px 0.941; the
 * fixed crop choosing between 384 and 512 px 0.900, tiny 0.714). With
 * larger sizes among the candidates, the choice, made on ten or so labelled
 * anomalies, passed them over on a split where they were better. A region
 * that allows neither gets the sizes chosen as for a whole frame
 * (cookies-hr: 0.698 so, 0.662 at 512 px alone). BENCHMARKS.md, issue 10.
 */
const REGION_SIDES = [896, 768];
/**
 * How far a region may be enlarged. Enlarging adds no detail, yet it helps:
 * each stride-8 feature cell then covers fewer of the part's pixels, so a
 * tiny defect weighs more in its cell (aliens-hr's following crops, about
 * 610x390 px, at 896 px: 1.46x).
 */
const REGION_UPSCALE = 1.5;
/**
 * The most feature-grid cells a region's input may have: what the nearest
 * neighbour search costs grows with them, and 896x576 (8,064 cells, its
 * bank halved by NEAREST_NEIGHBOUR_BUDGET) answers a 1000x667 image in
 * about 130 ms at one inference unit (the target: 150).
 */
const MAX_REGION_CELLS = 8_192;
/** What a crop too small for INPUT_SIDES is enlarged to: the backbone's receptive fields need the room. */
const SMALL_IMAGE_SIDE = 256;
/** Time the choice of input size may take, as estimated below; a larger size that would take it over is skipped. */
const SELECTION_BUDGET_SECONDS = 40;
/**
 * What training one image costs per cell of a view's feature grid, in
 * seconds: measured on the 2-core VM of BENCHMARKS.md (384 and 512 px for
 * 40 images of 1000x667, 4,224 cells each: 17 s). A fixed figure, not the
 * clock, so the sizes tried, and so the model, do not depend on how busy
 * the machine is while it trains. Measured before the coreset's pruning,
 * which cut real trainings to 0.3-0.6 of their time; kept, so a dataset
 * tries the sizes it was benchmarked with.
 */
const SECONDS_PER_IMAGE_CELL = 100e-6;
/**
 * What a normal image's shifted copy costs, as a share of a training image:
 * decoding, resizing and the backbone, without the nearest-neighbour search
 * (measured at 512x352 on a 1000x667 image: 28 ms of 52-56 ms).
 */
const SHIFTED_COPY_COST = 0.5;
/**
 * Gaussian smoothing (grid cells) of the map masks are cut from: half a
 * cell, 4 input pixels (anomalib's sigma), half the scoring's; on cookies
 * mask IoU 0.289 against 0.278 with the scoring's map (BENCHMARKS.md).
 */
const MASK_SIGMA = 0.5;

/**
 * PatchCore-style training. The part is located in the normal images (a
 * crop); for each input size tried, a coreset of normal patch features
 * becomes the memory bank and every training image is scored by a bank
 * that did not learn from it. The input size and scoring variant are chosen
 * by how well they separate the labelled anomalies from the normal images,
 * the threshold by best F1, the calibration of confidence on nested
 * cross-validation (see model-selection.ts). With masks, a pixel threshold
 * and one feature centroid per anomaly class are learned for segmentation.
 *
 * `signal` cancels: it is checked before every image, between steps and
 * inside the coreset choice, and throws (an AbortSignal its reason).
 */
export async function trainModel(input: TrainingInput, model: PatchModel, seed = 7, signal?: Cancellation): Promise<TrainingResult> {
  const started = performance.now();
  const normals = input.train.filter((i) => i.label === 'normal');
  const anomalies = input.train.filter((i) => i.label === 'anomaly');
  if (normals.length === 0) throw new TrainingError('The training dataset has no normal images.');
  const size = await imageSize(normals[0]);
  const part = await learnPartRegion(
    normals.map((n) => n.file),
    size.width,
    size.height,
  );
  signal?.throwIfAborted();

  // Every candidate input size, scored on every training image.
  const views: ViewRun[] = [];
  // Without labelled anomalies nothing can choose between sizes: the first is kept, so only it is trained.
  const sizes = viewsOfPart(part, size).slice(0, anomalies.length > 0 ? undefined : 1);
  for (const view of viewsWithinBudget(sizes, input.train.length + input.test.length, normals.length, size)) {
    views.push(await runView(view, normals, anomalies, input.test, size, model, seed, signal));
  }
  // Every candidate of the bank alone comes before any with the direction: the first within the tolerance of the best is kept.
  const candidates: { view: ViewRun; scoring: Scoring; weight: number; scores: CandidateScores }[] = [];
  for (const weight of DIRECTION_WEIGHTS)
    for (const view of views)
      for (const scoring of SCORING_CANDIDATES) {
        if (weight > 0 && !view.direction) continue;
        const score = (kind: 'normal' | 'anomaly', i: number) => scoreMap(unsmoothedMap(view, kind, i, weight), view.grid, scoring).score;
        candidates.push({
          view,
          scoring,
          weight,
          scores: { normal: view.normal.map((_, i) => score('normal', i)), anomaly: view.anomaly.map((_, i) => score('anomaly', i)) },
        });
      }

  const selection =
    anomalies.length > 0
      ? selectModel(
          candidates.map((c) => c.scores),
          seed,
        )
      : null;
  const kept = candidates[selection?.chosen ?? 0];
  const normalScores = kept.scores.normal;
  const threshold = selection?.threshold ?? normalOnlyThreshold(normalScores);
  const spread = selection?.spread ?? (robustSpread(normalScores) || 1e-3);
  const testScores = kept.view.test.map((_, i) => scoreMap(unsmoothedMap(kept.view, 'test', i, kept.weight), kept.view.grid, kept.scoring).score);
  // Without two labelled anomalies to train on, the test dataset's are the only ones the model meets: they calibrate it.
  const testFit =
    selection?.slope == null && input.test.length > 0
      ? crossFittedSlopes(input.test.map((image, i) => ({ margin: (testScores[i] - threshold) / spread, anomalous: image.label === 'anomaly' })))
      : null;
  const calibration: Calibration = { slope: selection?.slope ?? (testFit ? testFit.slope / spread : 2 / spread) };
  const verdict = (score: number, slope = calibration.slope) => ({
    predicted: score > threshold ? ('anomaly' as const) : ('normal' as const),
    confidence: verdictConfidence(score, threshold, { slope }),
  });

  // Performance: on the test dataset when there is one, else the nested cross-validation.
  const evaluation: ImageEvaluation[] = [];
  let confusion: Confusion;
  if (input.test.length > 0) {
    // A test image calibrated on is judged by the slope fitted on the other half of the test images.
    input.test.forEach((image, i) =>
      evaluation.push({ image: image.name, label: image.label, score: testScores[i], ...verdict(testScores[i], testFit ? testFit.perImage[i] / spread : calibration.slope) }),
    );
    confusion = confusionAt(
      testScores.filter((_, i) => input.test[i].label === 'normal'),
      testScores.filter((_, i) => input.test[i].label === 'anomaly'),
      threshold,
    );
  } else if (selection?.crossValidated) {
    const { crossValidated } = selection;
    confusion = crossValidated.confusion;
    const slopePerSpread = calibration.slope * spread;
    const heldOut = (image: TrainingImage, margin: number) => {
      const p = anomalyProbability(margin, 0, { slope: slopePerSpread });
      evaluation.push({ image: image.name, label: image.label, score: margin, predicted: margin > 0 ? 'anomaly' : 'normal', confidence: margin > 0 ? p : 1 - p });
    };
    normals.forEach((image, i) => heldOut(image, crossValidated.normal[i].margin));
    anomalies.forEach((image, i) => heldOut(image, crossValidated.anomaly[i].margin));
  } else {
    confusion = confusionAt(normalScores, [], threshold);
    normals.forEach((image, i) => evaluation.push({ image: image.name, label: 'normal', score: normalScores[i], ...verdict(normalScores[i]) }));
  }

  signal?.throwIfAborted();
  const maskScoring = { ...kept.scoring, sigma: MASK_SIGMA };
  const { maps, views: anomalyViews } = await anomalyMaps(kept.view, maskScoring, kept.weight, anomalies, size, model, signal);
  const learned = await learnSegmentation(anomalies, maps, anomalyViews, kept.view.grid);
  const segmentation = learned && { ...learned, sigma: MASK_SIGMA };
  const performanceFigures: Performance = performanceOf(confusion);
  const direction: WeightedDirection | undefined = kept.weight > 0 ? { ...kept.view.direction!.final, weight: kept.weight } : undefined;
  return {
    artifact: {
      bank: kept.view.bankRows,
      manifest: {
        format: direction ? 3 : kept.view.view.followPart ? 2 : 1,
        imageWidth: size.width,
        imageHeight: size.height,
        featureDim: FEATURE_DIM,
        bankSize: kept.view.bank.size,
        view: kept.view.view,
        threshold,
        spread,
        calibration,
        scoring: kept.scoring,
        ...(direction ? { direction } : {}),
        segmentation,
        performance: performanceFigures,
        training: {
          normal: normals.length,
          anomaly: anomalies.length,
          testNormal: input.test.filter((i) => i.label === 'normal').length,
          testAnomaly: input.test.filter((i) => i.label === 'anomaly').length,
          seconds: (performance.now() - started) / 1000,
          inputSizesTried: views.map((v) => `${v.view.inputWidth}x${v.view.inputHeight}`),
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

/** One input size, trained and scored: its bank and every image's raw distance map. */
interface ViewRun {
  view: ModelView;
  grid: Grid;
  bankRows: Float32Array;
  bank: MemoryBank;
  /** Held-out distance maps of the normal images, of the anomalies, of the test images. */
  normal: Float32Array[];
  anomaly: Float32Array[];
  test: Float32Array[];
  /** Present when the anomalies' masks teach a defect direction (defect-direction.ts). */
  direction: DirectionRun | null;
  seconds: number;
}

/**
 * A view's defect direction, learned on all the training masks, and each
 * image's map along it: held out like the distances, each normal image and
 * each anomaly by a direction learned without its fold.
 */
interface DirectionRun {
  final: DefectDirection;
  normal: Float32Array[];
  anomaly: Float32Array[];
  test: Float32Array[];
}

async function runView(
  view: ModelView,
  normals: TrainingImage[],
  anomalies: TrainingImage[],
  test: TrainingImage[],
  size: { width: number; height: number },
  model: PatchModel,
  seed: number,
  signal?: Cancellation,
): Promise<ViewRun> {
  const started = performance.now();
  const grid = gridOf(view);
  const cells = grid.width * grid.height;
  // Where each image's part is, found once for the view and its shifted copies.
  const parts = new Map<string, FoundPart | null>();
  const features = new FeatureReader(model, view, size, signal, parts);

  // Memory bank: candidates sampled evenly across normal images, then the coreset.
  // Each normal image is also read through the crop shifted by half a cell, so the bank has the patches the grid falls between.
  const random = new SeededRandom(seed);
  const shifted = shiftedViews(view, size).map((v) => new FeatureReader(model, v, size, signal, parts));
  const copies = 1 + shifted.length;
  const perImage = Math.min(cells, Math.ceil(MAX_BANK_CANDIDATES / (normals.length * copies)));
  const normalPatches: Float32Array[] = [];
  const candidateRows = new Float32Array(perImage * normals.length * copies * FEATURE_DIM);
  const candidateImage = new Int32Array(perImage * normals.length * copies);
  let row = 0;
  for (const [index, image] of normals.entries()) {
    const patches = await features.of(image);
    normalPatches.push(patches);
    for (const copy of [patches, ...(await Promise.all(shifted.map((reader) => reader.of(image))))]) {
      const chosenCells = random.shuffle(Array.from({ length: cells }, (_, i) => i)).slice(0, perImage);
      for (const cell of chosenCells) {
        candidateRows.set(copy.subarray(cell * FEATURE_DIM, (cell + 1) * FEATURE_DIM), row * FEATURE_DIM);
        // A shifted copy belongs to its image's fold: held-out scores must not see the image through it.
        candidateImage[row++] = index;
      }
    }
  }
  const target = Math.max(1, Math.min(bankSizeFor(cells), Math.round(row * CORESET_FRACTION)));
  const chosen = greedyCoreset(candidateRows, target, seed, () => signal?.throwIfAborted());
  const bankRows = rowsAt(candidateRows, chosen);
  const bank = toMemoryBank(bankRows);

  // Held-out normal distances: fold f is scored against the bank without fold f's images.
  const folds = Math.min(BANK_FOLDS, normals.length);
  const normal: Float32Array[] = new Array(normals.length);
  for (let f = 0; f < folds; f++) {
    const keep = Array.from(chosen).filter((c) => candidateImage[c] % folds !== f);
    const foldBank = keep.length > 0 ? toMemoryBank(rowsAt(candidateRows, Int32Array.from(keep))) : bank;
    for (let i = f; i < normals.length; i += folds) normal[i] = await model.nearest(normalPatches[i], foldBank);
  }
  const anomaly: Float32Array[] = [];
  const anomalyReads: { patches: Float32Array; view: ModelView }[] = [];
  for (const image of anomalies) {
    const read = await features.read(image);
    anomalyReads.push(read);
    anomaly.push(await model.nearest(read.patches, bank));
  }
  const learned = await learnDirection(normalPatches, anomalies, anomalyReads, grid, folds, seed);
  normalPatches.length = 0;
  anomalyReads.length = 0;
  const testMaps: Float32Array[] = [];
  const testAlong: Float32Array[] = [];
  for (const image of test) {
    const patches = await features.of(image);
    testMaps.push(await model.nearest(patches, bank));
    if (learned) testAlong.push(directionMap(patches, learned.final));
  }
  const direction = learned && { ...learned, test: testAlong };
  return { view, grid, bankRows, bank, normal, anomaly, test: testMaps, direction, seconds: (performance.now() - started) / 1000 };
}

/** An image's map before smoothing: its distances (a training image's held out), plus `weight` times its map along the view's direction (which weight > 0 needs). */
function unsmoothedMap(run: ViewRun, kind: 'normal' | 'anomaly' | 'test', i: number, weight: number): Float32Array {
  return weight > 0 ? withDirection(run[kind][i], run.direction![kind][i], weight) : run[kind][i];
}

/**
 * The defect direction of a view whose anomalies (two or more) all have
 * masks: the cells a mask covers (for the most part) against a sample of
 * the normal images' cells (normalCells). Fold f (normal image i in fold
 * i mod folds, as the bank's; anomaly j in fold j mod folds) is mapped by a
 * direction learned on the other folds (foldDirections), so choosing a
 * weight, the threshold and the calibration see its images as unseen ones.
 * Null without masks, or when the masks of some fold's complement cover too
 * few cells.
 */
async function learnDirection(
  normalPatches: Float32Array[],
  anomalies: TrainingImage[],
  reads: { patches: Float32Array; view: ModelView }[],
  grid: Grid,
  folds: number,
  seed: number,
): Promise<Omit<DirectionRun, 'test'> | null> {
  if (anomalies.length < 2 || anomalies.some((a) => !a.maskFile || !a.colorMap)) return null;
  const defects: CellStatistics[] = [];
  for (const [j, image] of anomalies.entries()) {
    const cells = await maskCells(image.maskFile!, image.colorMap!, reads[j].view, grid);
    defects.push(cellStatistics(concatRows(cells.flatMap((name, cell) => (name === null ? [] : [reads[j].patches.subarray(cell * FEATURE_DIM, (cell + 1) * FEATURE_DIM)])))));
  }
  const learned = foldDirections(defects, normalCells(normalPatches, seed).map(cellStatistics), folds);
  if (!learned) return null;
  return {
    final: learned.final,
    normal: normalPatches.map((patches, i) => directionMap(patches, learned.byFold[i % folds])),
    anomaly: reads.map((read, j) => directionMap(read.patches, learned.byFold[j % folds])),
  };
}

function concatRows(rows: Float32Array[]): Float32Array {
  const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of rows) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/**
 * The view's crop moved by half a feature cell (4 input pixels) right, down,
 * and both, each where the image has the room (else the other way; else
 * not at all). The grid samples a part every 8 input pixels, and an unseen
 * image's patches fall anywhere between: on cookies-hr the bank with these
 * copies raised image AUROC 0.641 -> 0.698, on aliens-hr 0.896 -> 0.900
 * (BENCHMARKS.md). A crop that is the whole image (the sample sets) has no
 * room and no copies. A crop that follows the part is moved once it is
 * placed in each image (placeCrop in region-of-interest.ts).
 */
export function shiftedViews(view: ModelView, size: { width: number; height: number }): ModelView[] {
  const { crop, followPart } = view;
  const half = (cropSide: number, inputSide: number) => Math.max(1, Math.round((4 * cropSide) / inputSide));
  if (followPart) {
    // Where each image's crop falls is known only in the image: placeCrop moves it there. A crop as wide (or tall) as the frame cannot move that way.
    const x = crop.width < size.width ? half(crop.width, view.inputWidth) : 0;
    const y = crop.height < size.height ? half(crop.height, view.inputHeight) : 0;
    const shifts = [
      { x, y: 0 },
      { x: 0, y },
      { x, y },
    ].filter((shift, i) => (i === 0 ? x > 0 : i === 1 ? y > 0 : x > 0 && y > 0));
    return shifts.map((shift) => ({ ...view, followPart: { ...followPart, shift } }));
  }
  const dx = half(crop.width, view.inputWidth);
  const dy = half(crop.height, view.inputHeight);
  const right = shiftedWithin(crop.left, dx, crop.width, size.width);
  const down = shiftedWithin(crop.top, dy, crop.height, size.height);
  const shifts: [number | null, number | null][] = [
    [right, crop.top],
    [crop.left, down],
    [right, down],
  ];
  return shifts.filter((s): s is [number, number] => s[0] !== null && s[1] !== null).map(([left, top]) => ({ ...view, crop: { ...crop, left, top } }));
}

/**
 * The anomalies' maps (smoothed as `scoring` says; with the defect direction
 * at `weight`, each anomaly's held-out map along it) with their patches and
 * the view each was read through (its crop placed on the part when the view
 * follows it), for segmentation; only when they have masks.
 */
async function anomalyMaps(
  run: ViewRun,
  scoring: Scoring,
  weight: number,
  anomalies: TrainingImage[],
  size: { width: number; height: number },
  model: PatchModel,
  signal?: Cancellation,
): Promise<{ maps: ScoredImage[]; views: ModelView[] }> {
  if (anomalies.length === 0 || anomalies.some((a) => !a.maskFile)) return { maps: [], views: [] };
  const features = new FeatureReader(model, run.view, size, signal);
  const maps: ScoredImage[] = [];
  const views: ModelView[] = [];
  for (const [i, image] of anomalies.entries()) {
    const { patches, view } = await features.read(image);
    maps.push({ ...scoreMap(unsmoothedMap(run, 'anomaly', i, weight), run.grid, scoring), patches });
    views.push(view);
  }
  return { maps, views };
}

/**
 * The candidate views of a learned part region: where the part moves enough
 * between images for a crop following it to be smaller (region-of-interest.ts),
 * that crop, placed at the centre of where the parts went until an image
 * says where its part is.
 */
export function viewsOfPart(part: PartRegion, frame: { width: number; height: number }): ModelView[] {
  if (!part.follow) return candidateViews(part.crop, frame);
  const { window, within, largestPart } = part.follow;
  const crop = { left: within.left + Math.floor((within.width - window.width) / 2), top: within.top + Math.floor((within.height - window.height) / 2), ...window };
  return candidateViews(crop, frame, { within, largestPart });
}

/**
 * Input sizes for a crop: its longer side at each of INPUT_SIDES (no more
 * than a fifth above its own pixels: between them, a larger input only
 * costs more where the crop has no more detail to give; a smaller
 * crop is enlarged to SMALL_IMAGE_SIDE, where the backbone's receptive
 * fields fit it), aspect ratio kept, both sides multiples of 16 as the
 * backbone needs. A region of interest inside the `frame` gets the first of
 * REGION_SIDES alone when its pixels (REGION_UPSCALE) and MAX_REGION_CELLS
 * allow it. `followPart` goes into every view.
 */
export function candidateViews(crop: ModelView['crop'], frame?: { width: number; height: number }, followPart?: ModelView['followPart']): ModelView[] {
  const longer = Math.max(crop.width, crop.height);
  const toMultiple = (v: number) => Math.max(64, Math.round(v / 16) * 16);
  const viewAt = (side: number): ModelView => ({ crop, inputWidth: toMultiple((crop.width * side) / longer), inputHeight: toMultiple((crop.height * side) / longer), ...(followPart ? { followPart } : {}) });
  const fits = (side: number) => side <= longer * 1.2;
  const isRegion = frame !== undefined && (crop.width < frame.width || crop.height < frame.height);
  const regionSide = isRegion ? REGION_SIDES.find((side) => side <= longer * REGION_UPSCALE && cellsOf(viewAt(side)) <= MAX_REGION_CELLS) : undefined;
  if (regionSide !== undefined) return [viewAt(regionSide)];
  const fitting = INPUT_SIDES.filter(fits);
  const views = (fitting.length > 0 ? fitting : [SMALL_IMAGE_SIDE]).map(viewAt);
  return views.filter((v, i) => i === 0 || v.inputWidth !== views[i - 1].inputWidth || v.inputHeight !== views[i - 1].inputHeight);
}

/**
 * The candidate views training tries for this many images, `normals` of
 * them normal: the first always, each further one while the estimated total
 * stays within the budget. A normal image's shifted copies (shiftedViews)
 * cost SHIFTED_COPY_COST of an image each.
 */
export function viewsWithinBudget(views: ModelView[], images: number, normals = 0, size?: { width: number; height: number }): ModelView[] {
  let estimated = 0;
  return views.filter((view, index) => {
    const copies = size ? shiftedViews(view, size).length : 0;
    const cost = SECONDS_PER_IMAGE_CELL * cellsOf(view) * (images + SHIFTED_COPY_COST * copies * normals);
    if (index > 0 && estimated + cost > SELECTION_BUDGET_SECONDS) return false;
    estimated += cost;
    return true;
  });
}

/** The most patches a bank may keep for a view of `cells` grid cells (NEAREST_NEIGHBOUR_BUDGET). */
export function bankSizeFor(cells: number): number {
  let size = MAX_BANK_SIZE;
  while (size > 256 && cells * size > NEAREST_NEIGHBOUR_BUDGET) size /= 2;
  return size;
}

function cellsOf(view: ModelView): number {
  return (view.inputWidth * view.inputHeight) / 64;
}

function rowsAt(rows: Float32Array, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * FEATURE_DIM);
  indices.forEach((r, i) => out.set(rows.subarray(r * FEATURE_DIM, (r + 1) * FEATURE_DIM), i * FEATURE_DIM));
  return out;
}

async function imageSize(image: TrainingImage): Promise<{ width: number; height: number }> {
  const { width = 0, height = 0 } = await sharp(await readFile(image.file)).metadata();
  return { width, height };
}

/** Patch features of training images at one view; every image must have the training size. */
class FeatureReader {
  constructor(
    private readonly model: PatchModel,
    private readonly view: ModelView,
    private readonly size: { width: number; height: number },
    private readonly signal?: Cancellation,
    /** Where each image's part was found (by file), shared by readers of the same images through shifted views. */
    private readonly parts?: Map<string, FoundPart | null>,
  ) {}

  async of(image: TrainingImage): Promise<Float32Array> {
    return (await this.read(image)).patches;
  }

  /** The image's patches and the view they were read through: its crop placed on the part when the view follows it. */
  async read(image: TrainingImage): Promise<{ patches: Float32Array; view: ModelView }> {
    this.signal?.throwIfAborted();
    const bytes = await readFile(image.file);
    const known = this.parts?.has(image.file) ? { found: this.parts.get(image.file) ?? null } : undefined;
    const input = await toModelInput(bytes, this.view, this.size, known).catch((error: unknown) => {
      if (error instanceof ImageSizeError) throw new TrainingError(`Image ${image.name} is not ${this.size.width}x${this.size.height} like the other training images.`);
      if (error instanceof ImageDecodeError) throw new TrainingError(`Image ${image.name}: ${error.message}`);
      throw error;
    });
    if (input.found !== undefined) this.parts?.set(image.file, input.found);
    return { patches: await this.model.patches(input), view: input.view };
  }
}
