import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';
import { FEATURE_DIM } from './backbone-onnx';
import type { Calibration } from './calibration';
import type { WeightedDirection } from './defect-direction';
import type { GreyContrast } from './mask-grey';
import { DEFAULT_SCORING, type Scoring } from './scoring';
import type { Performance } from './thresholds';

export interface SegmentationClass {
  name: string;
  /** #RRGGBB, as in the training manifest's colour map. */
  color: string;
  /** Mean patch feature of this class's anomalous cells in training. */
  centroid: number[];
}

/**
 * The part of an image a model looks at and the backbone input it becomes:
 * `crop` (original pixels) resized to inputWidth x inputHeight (fit 'fill',
 * linear; multiples of 16), RGB scaled to [-1, 1]. The feature grid is the
 * input size / 8.
 */
export interface ModelView {
  crop: { left: number; top: number; width: number; height: number };
  inputWidth: number;
  inputHeight: number;
  /**
   * Present when the crop follows the part: `crop` gives its size, and its
   * place in each image is centred on the part found there
   * (region-of-interest.ts placeCrop); `crop`'s own place where none is.
   */
  followPart?: FollowPart;
}

/** How a view follows the part: see region-of-interest.ts placeCrop. */
export interface FollowPart {
  /** Where the part's centre may be: the region the training images' parts covered. */
  within: { left: number; top: number; width: number; height: number };
  /** The largest part's box in training (image pixels): a box found far larger is not the part. */
  largestPart?: { width: number; height: number };
  /** Training's shifted copies (trainer.ts shiftedViews): the crop moved by this much after it is placed. Never in a saved model. */
  shift?: { x: number; y: number };
}

/** What DetectAnomalies needs to paint a mask. */
export interface Segmentation {
  /** Map value above which a pixel is anomalous. */
  pixelThreshold: number;
  classes: SegmentationClass[];
  /**
   * Gaussian smoothing (grid cells) of the map masks are cut from. Absent in
   * models trained before it: masks are cut from the scoring's map.
   */
  sigma?: number;
  /**
   * Masks weigh the sampled map at each pixel by how much darker than its
   * neighbourhood the pixel is (mask-grey.ts). Learned on the training
   * anomalies' masks; absent in models trained before it, and where it did
   * not match the training masks better: the map alone, as before.
   */
  grey?: GreyContrast;
  /**
   * A region of pixels above pixelThreshold (8-connected) is painted only if
   * one of its values is above this (mask-regions.ts). Learned on the
   * training masks; absent in models trained before it, and where it did not
   * match them better: every pixel above pixelThreshold, as before.
   */
  seedThreshold?: number;
}

/** Everything a trained model is, apart from its memory bank. */
export interface ModelManifest {
  /**
   * 2 when the view follows the part: an engine that knows only 1 refuses
   * such a model rather than scoring a fixed crop where the part may not be.
   * 3 when the score adds a defect direction: an engine that knows only 1
   * and 2 refuses it rather than score without it against its threshold.
   */
  format: 1 | 2 | 3;
  imageWidth: number;
  imageHeight: number;
  featureDim: number;
  bankSize: number;
  /** Image score above which an image is anomalous. */
  threshold: number;
  /** Robust spread of held-out normal scores: the unit of confidence. */
  spread: number;
  /** Absent in models trained before regions of interest: the whole image at 256x256 (see viewOf). */
  view?: ModelView;
  /** Absent in models trained before calibration: see calibrationOf. */
  calibration?: Calibration;
  /** How distance maps become scores, chosen in training. */
  scoring: Scoring;
  /**
   * Added to the distance map before scoring (weight times the map along
   * it, defect-direction.ts), when the training masks taught one and it
   * separated held-out anomalies better. Absent otherwise, and in models
   * trained before it.
   */
  direction?: WeightedDirection;
  segmentation: Segmentation | null;
  performance: Performance;
  training: { normal: number; anomaly: number; testNormal: number; testAnomaly: number; seconds: number; inputSizesTried?: string[] };
}

export interface ModelArtifact {
  manifest: ModelManifest;
  /** [bankSize, featureDim] row-major. */
  bank: Float32Array;
}

const MANIFEST = 'model.json';
const BANK = 'bank.f32';

/** Writes the bank before the manifest: a manifest on disk means a complete model. */
export function saveArtifact(dir: string, artifact: ModelArtifact): void {
  const { bank } = artifact;
  writeFileAtomic(join(dir, BANK), Buffer.from(bank.buffer, bank.byteOffset, bank.byteLength));
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(artifact.manifest));
}

export function loadArtifact(dir: string): ModelArtifact {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as ModelManifest;
  // Models trained before the scoring choice existed scored with the default.
  manifest.scoring ??= DEFAULT_SCORING;
  const raw = readFileSync(join(dir, BANK));
  const bank = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (![1, 2, 3].includes(manifest.format) || manifest.featureDim !== FEATURE_DIM || bank.length !== manifest.bankSize * FEATURE_DIM || (manifest.format === 3) !== isDirection(manifest.direction)) {
    throw new Error(`model files in ${dir} are incomplete or of another format`);
  }
  return { manifest, bank };
}

/** A defect direction the scorer can use: FEATURE_DIM finite weights, a finite offset, a positive scale and weight. */
function isDirection(direction: WeightedDirection | undefined): boolean {
  if (!direction) return false;
  const { weights, offset, scale, weight } = direction;
  return Array.isArray(weights) && weights.length === FEATURE_DIM && weights.every(Number.isFinite) && Number.isFinite(offset) && scale > 0 && Number.isFinite(scale) && weight > 0 && Number.isFinite(weight);
}

/** The view a model was trained with; older models saw the whole image squashed to 256x256. */
export function viewOf(manifest: Pick<ModelManifest, 'view' | 'imageWidth' | 'imageHeight'>): ModelView {
  return manifest.view ?? wholeImageView(manifest.imageWidth, manifest.imageHeight);
}

export function wholeImageView(width: number, height: number, inputWidth = 256, inputHeight = 256): ModelView {
  return { crop: { left: 0, top: 0, width, height }, inputWidth, inputHeight };
}

/** The feature grid of a view: one cell per 8 input pixels. */
export function gridOf(view: ModelView): { width: number; height: number } {
  return { width: view.inputWidth / 8, height: view.inputHeight / 8 };
}
