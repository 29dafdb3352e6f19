import sharp from 'sharp';
import { sampleMapEverywhere, smoothMap, type Grid } from './anomaly-map';
import { BoundedSearch, SearchChoice } from './bounded-search';
import { FEATURE_DIM } from './backbone-onnx';
import { calibrationOf, verdictConfidence } from './calibration';
import { ImageSizeError, toModelInput, type ModelInput } from './image-tensor';
import { cropLuma, GreyContrastTable, greyWeighted } from './mask-grey';
import { anomalousPixels } from './mask-regions';
import { gridOf, viewOf, type ModelArtifact, type ModelView, type Segmentation, type SegmentationClass } from './model-artifact';
import { toMemoryBank, type MemoryBank, type PatchModel } from './patch-model';
import { scoreImage, type ScoredImage } from './scoring';

export { ImageSizeError };

/** DetectAnomalyResult as the Lookout API answers it (AnomalyMask still raw bytes). */
export interface Detection {
  Source: { Type: 'direct' };
  IsAnomalous: boolean;
  Confidence: number;
  Anomalies?: { Name: string; PixelAnomaly: { TotalPercentageArea: number; Color: string } }[];
  AnomalyMask?: Buffer;
}

/** Lookout paints the background of an anomaly mask white. */
const BACKGROUND_COLOR = '#FFFFFF';

/** A trained model ready to answer: its artifact, its bank in scorer layout, and a patch model. */
export class HostedDetector {
  private readonly bank: MemoryBank;
  private readonly view: ModelView;
  private readonly grid: Grid;
  /** A classification model's answer needs the score alone, not the whole map: see BoundedSearch. Made by prepare(), or at the first detection. */
  private bounded: BoundedSearch | undefined;
  private readonly searchChoice = new SearchChoice();

  constructor(
    private readonly artifact: ModelArtifact,
    private readonly model: PatchModel,
  ) {
    this.bank = toMemoryBank(artifact.bank);
    this.view = viewOf(artifact.manifest);
    this.grid = gridOf(this.view);
  }

  /** What the first detection would otherwise set up: a classification model's bounded search (0.1 s for its bank). */
  prepare(): void {
    if (!this.artifact.manifest.segmentation) this.bounded ??= new BoundedSearch(this.artifact.bank, this.bank);
  }

  /** The image's score and anomaly map (over the view's grid); throws ImageSizeError or ImageDecodeError. */
  async score(bytes: Buffer): Promise<ScoredImage & { view: ModelView; grid: Grid }> {
    const { manifest } = this.artifact;
    const { input, patches } = await this.patchesOf(bytes);
    return { ...(await scoreImage(this.model, patches, this.bank, this.grid, manifest.scoring, manifest.direction)), view: input.view, grid: this.grid };
  }

  /** The image read through the model's view, and its patch features. */
  private async patchesOf(bytes: Buffer): Promise<{ input: ModelInput; patches: Float32Array }> {
    const { manifest } = this.artifact;
    const input = await toModelInput(bytes, this.view, { width: manifest.imageWidth, height: manifest.imageHeight });
    return { input, patches: await this.model.patches(input) };
  }

  /** The image's score alone, as score() gives it, found with the bounded search where the model allows and it pays. */
  async imageScore(bytes: Buffer): Promise<number> {
    const { manifest } = this.artifact;
    if (manifest.segmentation || !this.searchChoice.bounded()) return (await this.score(bytes)).score;
    const { patches } = await this.patchesOf(bytes);
    this.prepare();
    const { score, exactCells } = await this.bounded!.score(this.model, patches, this.grid, manifest.scoring, manifest.direction);
    this.searchChoice.record(exactCells / (this.grid.width * this.grid.height));
    return score;
  }

  async detect(bytes: Buffer): Promise<Detection> {
    const { manifest } = this.artifact;
    const scored = manifest.segmentation ? await this.score(bytes) : null;
    const score = scored ? scored.score : await this.imageScore(bytes);
    const isAnomalous = score > manifest.threshold;
    const result: Detection = {
      Source: { Type: 'direct' },
      IsAnomalous: isAnomalous,
      Confidence: verdictConfidence(score, manifest.threshold, calibrationOf(manifest)),
    };
    if (scored && manifest.segmentation) {
      Object.assign(result, await segment(scored, bytes, isAnomalous, { width: manifest.imageWidth, height: manifest.imageHeight }, scored.view, this.grid, manifest.segmentation));
    }
    return result;
  }
}

/**
 * The mask at the image's size: anomalous pixels (inside the view's crop,
 * map, weighed by the pixel's darkness against its neighbourhood when the
 * model has segmentation.grey, above the pixel threshold, in an image
 * judged anomalous; with segmentation.seedThreshold, only in regions that
 * reach it) painted in
 * the colour of the class whose centroid is nearest their cell's features;
 * the rest white.
 */
async function segment(
  scored: ScoredImage,
  bytes: Buffer,
  isAnomalous: boolean,
  size: { width: number; height: number },
  view: ModelView,
  grid: Grid,
  segmentation: Segmentation,
): Promise<Pick<Detection, 'Anomalies' | 'AnomalyMask'>> {
  const { classes, pixelThreshold, grey } = segmentation;
  // Models since the mask's own smoothing cut it from a less smoothed map than the score's.
  const map = segmentation.sigma === undefined || !scored.unsmoothed ? scored.map : smoothMap(scored.unsmoothed, grid, segmentation.sigma);
  const { width, height } = size;
  const { crop } = view;
  const cellClass = new Int16Array(grid.width * grid.height);
  for (let cell = 0; cell < cellClass.length; cell++) cellClass[cell] = nearestClass(scored.patches, cell, classes);
  const palette = [BACKGROUND_COLOR, ...classes.map((c) => c.color)].map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const paints = new Uint8Array(width * height);
  if (isAnomalous) {
    // Models since the grey weighting weigh the map by each pixel's darkness against its neighbourhood; before, the map alone.
    const contrast = grey === undefined ? null : new GreyContrastTable(await cropLuma(bytes, crop), crop.width, crop.height);
    const values = sampleMapEverywhere(map, grid, crop.width, crop.height);
    if (contrast !== null) {
      // The contrast is at most 1 and the map not negative: a pixel whose map x (1 + weight) is under the threshold stays under it.
      const reach = 1 + grey!.weight;
      for (let y = 0, i = 0; y < crop.height; y++)
        for (let x = 0; x < crop.width; x++, i++) {
          if (values[i] * reach > pixelThreshold) values[i] = greyWeighted(values[i], contrast.at(x, y, grey!.radius, grey!.inner), grey!.weight);
        }
    }
    // Models since two thresholds keep only regions that reach the seed; before, every pixel above the threshold.
    const anomalous = anomalousPixels(values, crop.width, crop.height, pixelThreshold, segmentation.seedThreshold);
    const column = Int32Array.from({ length: crop.width }, (_, x) => Math.min(grid.width - 1, Math.floor((x * grid.width) / crop.width)));
    for (let y = 0, i = 0; y < crop.height; y++) {
      const row = Math.min(grid.height - 1, Math.floor((y * grid.height) / crop.height)) * grid.width;
      for (let x = 0; x < crop.width; x++, i++) {
        if (anomalous[i] !== 0) paints[(crop.top + y) * width + crop.left + x] = 1 + cellClass[row + column[x]];
      }
    }
  }
  // The background everywhere, then the painted pixels over it.
  const pixels = Buffer.alloc(width * height * 3);
  pixels.fill(Buffer.from(palette[0]));
  const counts = new Array(classes.length + 1).fill(0);
  counts[0] = paints.length;
  for (let i = 0; i < paints.length; i++) {
    if (paints[i] === 0) continue;
    const colour = palette[paints[i]];
    counts[0]--;
    counts[paints[i]]++;
    pixels[i * 3] = colour[0];
    pixels[i * 3 + 1] = colour[1];
    pixels[i * 3 + 2] = colour[2];
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
