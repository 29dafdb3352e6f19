import sharp from 'sharp';
import { FEATURE_DIM, FEATURE_GRID } from './backbone-onnx';
import { sampleMap } from './anomaly-map';
import { toModelInput } from './image-tensor';
import type { ModelArtifact, SegmentationClass } from './model-artifact';
import { toMemoryBank, type MemoryBank, type PatchModel } from './patch-model';
import { calibrationOf, verdictConfidence } from './calibration';
import { scoreImage } from './scoring';

/** DetectAnomalyResult as the Lookout API answers it (AnomalyMask still raw bytes). */
export interface Detection {
  Source: { Type: 'direct' };
  IsAnomalous: boolean;
  Confidence: number;
  Anomalies?: { Name: string; PixelAnomaly: { TotalPercentageArea: number; Color: string } }[];
  AnomalyMask?: Buffer;
}

export class ImageSizeError extends Error {}

/** Lookout paints the background of an anomaly mask white. */
const BACKGROUND_COLOR = '#FFFFFF';

/** A trained model ready to answer: its artifact, its bank in scorer layout, and a patch model. */
export class HostedDetector {
  private readonly bank: MemoryBank;

  constructor(
    private readonly artifact: ModelArtifact,
    private readonly model: PatchModel,
  ) {
    this.bank = toMemoryBank(artifact.bank);
  }

  async detect(bytes: Buffer): Promise<Detection> {
    const { manifest } = this.artifact;
    const input = await toModelInput(bytes);
    if (input.width !== manifest.imageWidth || input.height !== manifest.imageHeight) {
      throw new ImageSizeError(
        `The image is ${input.width}x${input.height} pixels; this model was trained on ${manifest.imageWidth}x${manifest.imageHeight} images.`,
      );
    }
    const scored = await scoreImage(this.model, await this.model.patches(input.tensor), this.bank, manifest.scoring);
    const isAnomalous = scored.score > manifest.threshold;
    const result: Detection = {
      Source: { Type: 'direct' },
      IsAnomalous: isAnomalous,
      Confidence: verdictConfidence(scored.score, manifest.threshold, calibrationOf(manifest)),
    };
    if (manifest.segmentation) Object.assign(result, await segment(scored.map, scored.patches, isAnomalous, input.width, input.height, manifest.segmentation));
    return result;
  }
}

/**
 * The mask at the input's size: anomalous pixels (map above the pixel
 * threshold, in an image judged anomalous) painted in the colour of the
 * class whose centroid is nearest their cell's features; the rest white.
 */
async function segment(
  map: Float32Array,
  patches: Float32Array,
  isAnomalous: boolean,
  width: number,
  height: number,
  segmentation: { pixelThreshold: number; classes: SegmentationClass[] },
): Promise<Pick<Detection, 'Anomalies' | 'AnomalyMask'>> {
  const { classes, pixelThreshold } = segmentation;
  const cellClass = new Int16Array(FEATURE_GRID * FEATURE_GRID);
  for (let cell = 0; cell < cellClass.length; cell++) cellClass[cell] = nearestClass(patches, cell, classes);
  const palette = [BACKGROUND_COLOR, ...classes.map((c) => c.color)].map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const counts = new Array(classes.length + 1).fill(0);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(FEATURE_GRID - 1, Math.floor((y * FEATURE_GRID) / height));
    for (let x = 0; x < width; x++) {
      let paint = 0;
      if (isAnomalous && sampleMap(map, x, y, width, height) > pixelThreshold) {
        paint = 1 + cellClass[gy * FEATURE_GRID + Math.min(FEATURE_GRID - 1, Math.floor((x * FEATURE_GRID) / width))];
      }
      counts[paint]++;
      const o = (y * width + x) * 3;
      pixels[o] = palette[paint][0];
      pixels[o + 1] = palette[paint][1];
      pixels[o + 2] = palette[paint][2];
    }
  }
  const total = width * height;
  const area = (i: number) => counts[i] / total;
  const anomalies = [{ Name: 'background', PixelAnomaly: { TotalPercentageArea: area(0), Color: BACKGROUND_COLOR } }];
  classes.forEach((c, i) => {
    if (counts[i + 1] > 0) anomalies.push({ Name: c.name, PixelAnomaly: { TotalPercentageArea: area(i + 1), Color: c.color } });
  });
  // Plain RGB: palette quantisation could shift the class colours.
  const mask = await sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
  return { Anomalies: anomalies, AnomalyMask: mask };
}

function nearestClass(patches: Float32Array, cell: number, classes: SegmentationClass[]): number {
  let best = 0;
  let bestDistance = Infinity;
  classes.forEach((c, i) => {
    let d2 = 0;
    for (let d = 0; d < FEATURE_DIM; d++) {
      const diff = patches[cell * FEATURE_DIM + d] - c.centroid[d];
      d2 += diff * diff;
    }
    if (d2 < bestDistance) {
      bestDistance = d2;
      best = i;
    }
  });
  return best;
}
