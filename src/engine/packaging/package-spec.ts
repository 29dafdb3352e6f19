import { calibrationOf } from '../detector/calibration';
import { viewOf, type ModelManifest, type ModelView, type SegmentationClass } from '../detector/model-artifact';
import type { GreyContrast } from '../detector/mask-grey';
import type { Scoring } from '../detector/scoring';

/**
 * Everything the exported package takes from a trained model's manifest.
 * This is the ONE place that reads the manifest for the export: the graph
 * (detector-onnx.ts), detector.json, the Triton config and the README are
 * built from a PackageSpec only, so a change to the detector's manifest
 * (a new field, a new default) is adapted here.
 */
export interface PackageSpec {
  /** The image size DetectAnomalies accepts for this model (it refuses others). */
  imageWidth: number;
  imageHeight: number;
  /** The crop (original pixels) and the backbone input it is resized to; with followPart, the crop is placed on the part in each image. */
  view: ModelView;
  /** The feature grid: the backbone's stride is 8, so (inputHeight/8) x (inputWidth/8) cells. */
  grid: { width: number; height: number };
  featureDim: number;
  bankSize: number;
  /** Gaussian smoothing (sigma in cells, radius ceil(2 sigma), edges clamped) and the top-k mean (1: the maximum). */
  scoring: Scoring;
  /**
   * When the model has one: the defect direction added to the distances before smoothing,
   * weight x max(0, (weights . x - offset) / scale) per cell.
   */
  direction?: { weights: number[]; offset: number; scale: number; weight: number };
  /** Image score above which an image is anomalous. */
  threshold: number;
  /** P(anomalous) = sigmoid(slope * (score - threshold)); confidence = P when anomalous, else 1 - P. */
  calibration: { slope: number };
  /**
   * sigma, when the model has one: the smoothing of the map masks are cut from (the graph's segmentation_map);
   * grey, when it has one: that map is weighed by each pixel's darkness against its neighbourhood before the pixel threshold;
   * seedThreshold, when it has one: only regions of pixels above the pixel threshold that reach it are anomalous.
   */
  segmentation: { pixelThreshold: number; classes: SegmentationClass[]; sigma?: number; grey?: GreyContrast; seedThreshold?: number } | null;
  performance: ModelManifest['performance'];
  training: ModelManifest['training'];
}

/** What placing a following crop needs (training's shifts are never in a saved model, and never exported). */
function followPartOf({ within, largestPart }: NonNullable<ModelView['followPart']>): NonNullable<ModelView['followPart']> {
  return { within: { ...within }, ...(largestPart ? { largestPart: { ...largestPart } } : {}) };
}

/** The backbone's output stride: one feature-grid cell per 8x8 input pixels. */
export const GRID_STRIDE = 8;

export class UnpackageableModel extends Error {}

export function packageSpec(manifest: ModelManifest): PackageSpec {
  const view = viewOf(manifest);
  const { inputWidth, inputHeight } = view;
  if (inputWidth % 16 !== 0 || inputHeight % 16 !== 0) {
    throw new UnpackageableModel(`The model's input size ${inputWidth}x${inputHeight} is not a multiple of 16; it cannot be exported.`);
  }
  return {
    imageWidth: manifest.imageWidth,
    imageHeight: manifest.imageHeight,
    view: { crop: { ...view.crop }, inputWidth, inputHeight, ...(view.followPart ? { followPart: followPartOf(view.followPart) } : {}) },
    grid: { width: inputWidth / GRID_STRIDE, height: inputHeight / GRID_STRIDE },
    featureDim: manifest.featureDim,
    bankSize: manifest.bankSize,
    scoring: { sigma: manifest.scoring.sigma, topK: manifest.scoring.topK },
    ...(manifest.direction
      ? { direction: { weights: [...manifest.direction.weights], offset: manifest.direction.offset, scale: manifest.direction.scale, weight: manifest.direction.weight } }
      : {}),
    threshold: manifest.threshold,
    calibration: { slope: calibrationOf(manifest).slope },
    segmentation: manifest.segmentation
      ? {
          pixelThreshold: manifest.segmentation.pixelThreshold,
          classes: manifest.segmentation.classes.map((c) => ({ ...c, centroid: [...c.centroid] })),
          ...(manifest.segmentation.sigma === undefined ? {} : { sigma: manifest.segmentation.sigma }),
          ...(manifest.segmentation.grey === undefined ? {} : { grey: { ...manifest.segmentation.grey } }),
          ...(manifest.segmentation.seedThreshold === undefined ? {} : { seedThreshold: manifest.segmentation.seedThreshold }),
        }
      : null,
    performance: manifest.performance,
    training: manifest.training,
  };
}
