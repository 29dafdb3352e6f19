import sharp from 'sharp';
import { afterAll, beforeAll, expect } from 'vitest';
import { syntheticPart } from '../../../src/demo/synthetic-parts';
import { FEATURE_DIM } from '../../../src/engine/detector/backbone-onnx';
import { HostedDetector } from '../../../src/engine/detector/detection';
import { toModelInput } from '../../../src/engine/detector/image-tensor';
import { wholeImageView, type ModelArtifact, type ModelManifest, type Segmentation } from '../../../src/engine/detector/model-artifact';
import { PatchModel } from '../../../src/engine/detector/patch-model';

/**
 * A one-image segmentation model over 128x128 synthetic parts, for tests of
 * how masks are painted: the bank of one normal part, a threshold every
 * image passes (so every image gets a mask), the segmentation under test.
 */
export interface SegmentationFixture {
  model: PatchModel;
  /** A synthetic part with a scratch. */
  anomaly: Buffer;
  artifact(segmentation: Segmentation): ModelArtifact;
  /** The mask DetectAnomalies paints for the anomalous part, as raw RGB. */
  maskOf(segmentation: Segmentation): Promise<Buffer>;
  /** Which of the mask's 128 x 128 pixels are painted (not white), row-major. */
  paintedBy(segmentation: Segmentation): Promise<boolean[]>;
  release(): Promise<void>;
}

export const FIXTURE_VIEW = wholeImageView(128, 128, 128, 128);

/** One class whose centroid is nowhere near: every anomalous pixel is a scratch. */
export const SCRATCH_CLASSES = [{ name: 'scratch', color: '#E31A1C', centroid: new Array<number>(FEATURE_DIM).fill(0) }];

export async function segmentationFixture(): Promise<SegmentationFixture> {
  const model = await PatchModel.create(1);
  const bank = await model.patches(await toModelInput((await syntheticPart('normal', 41)).png, FIXTURE_VIEW));
  const anomaly = (await syntheticPart('anomaly', 42)).png;
  const artifact = (segmentation: Segmentation): ModelArtifact => {
    const manifest: ModelManifest = {
      format: 1,
      imageWidth: 128,
      imageHeight: 128,
      featureDim: FEATURE_DIM,
      bankSize: bank.length / FEATURE_DIM,
      view: FIXTURE_VIEW,
      threshold: -1,
      spread: 1,
      calibration: { slope: 1 },
      scoring: { sigma: 1, topK: 1 },
      segmentation,
      performance: { F1Score: 1, Precision: 1, Recall: 1 },
      training: { normal: 1, anomaly: 0, testNormal: 0, testAnomaly: 0, seconds: 0 },
    };
    return { manifest, bank };
  };
  const maskOf = async (segmentation: Segmentation) => {
    const result = await new HostedDetector(artifact(segmentation), model).detect(anomaly);
    expect(result.IsAnomalous).toBe(true);
    return sharp(Buffer.from(result.AnomalyMask!)).removeAlpha().raw().toBuffer();
  };
  return {
    model,
    anomaly,
    artifact,
    maskOf,
    paintedBy: async (segmentation) => {
      const rgb = await maskOf(segmentation);
      return Array.from({ length: 128 * 128 }, (_, i) => !(rgb[i * 3] === 255 && rgb[i * 3 + 1] === 255 && rgb[i * 3 + 2] === 255));
    },
    release: () => model.release(),
  };
}

/** Sets the fixture up before the enclosing suite's tests and releases it after them; the returned function gives it. */
export function useSegmentationFixture(): () => SegmentationFixture {
  let fixture: SegmentationFixture | undefined;
  beforeAll(async () => {
    fixture = await segmentationFixture();
  }, 60_000);
  afterAll(() => fixture?.release());
  return () => fixture!;
}
