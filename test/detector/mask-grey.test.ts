import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPart } from '../../src/demo/synthetic-parts';
import { sampleMap, smoothMap } from '../../src/engine/detector/anomaly-map';
import { FEATURE_DIM } from '../../src/engine/detector/backbone-onnx';
import { HostedDetector } from '../../src/engine/detector/detection';
import { toModelInput } from '../../src/engine/detector/image-tensor';
import { wholeImageView, type ModelArtifact, type ModelManifest, type Segmentation } from '../../src/engine/detector/model-artifact';
import { PatchModel } from '../../src/engine/detector/patch-model';

/*
 * Masks weigh the map by each pixel's darkness against its neighbourhood in
 * models trained since segmentation.grey; models without it paint exactly
 * as before.
 */

let model: PatchModel;
let bank: Float32Array;
let anomaly: Buffer;
const view = wholeImageView(128, 128, 128, 128);
const classes = [{ name: 'scratch', color: '#E31A1C', centroid: new Array<number>(FEATURE_DIM).fill(0) }];

beforeAll(async () => {
  model = await PatchModel.create(1);
  bank = await model.patches(await toModelInput((await syntheticPart('normal', 41)).png, view));
  anomaly = (await syntheticPart('anomaly', 42)).png;
}, 60_000);
afterAll(async () => {
  await model.release();
});

function artifact(segmentation: Segmentation): ModelArtifact {
  const manifest: ModelManifest = {
    format: 1,
    imageWidth: 128,
    imageHeight: 128,
    featureDim: FEATURE_DIM,
    bankSize: bank.length / FEATURE_DIM,
    view,
    // Every image is anomalous, so every image gets a mask.
    threshold: -1,
    spread: 1,
    calibration: { slope: 1 },
    scoring: { sigma: 1, topK: 1 },
    segmentation,
    performance: { F1Score: 1, Precision: 1, Recall: 1 },
    training: { normal: 1, anomaly: 0, testNormal: 0, testAnomaly: 0, seconds: 0 },
  };
  return { manifest, bank };
}

/** Which pixels the engine's mask paints (not white). */
async function paintedBy(segmentation: Segmentation): Promise<boolean[]> {
  const result = await new HostedDetector(artifact(segmentation), model).detect(anomaly);
  expect(result.IsAnomalous).toBe(true);
  const rgb = await sharp(Buffer.from(result.AnomalyMask!)).removeAlpha().raw().toBuffer();
  return Array.from({ length: 128 * 128 }, (_, i) => !(rgb[i * 3] === 255 && rgb[i * 3 + 1] === 255 && rgb[i * 3 + 2] === 255));
}

describe('grey-weighted masks', () => {
  it('paint the map alone without a grey weighting, and the map weighed by each pixel’s darkness against its neighbourhood with one', async () => {
    const scored = await new HostedDetector(artifact({ pixelThreshold: 0, classes, sigma: 0.5 }), model).score(anomaly);
    const map = smoothMap(scored.distances!, scored.grid, 0.5);
    const sorted = [...map].sort((a, b) => a - b);
    const pixelThreshold = sorted[Math.floor(sorted.length * 0.7)];
    const { data } = await sharp(anomaly).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const luma = (x: number, y: number) => 299 * data[(y * 128 + x) * 3] + 587 * data[(y * 128 + x) * 3 + 1] + 114 * data[(y * 128 + x) * 3 + 2];
    // Written from detector.json's recipe, not from the engine's code: the neighbourhood summed pixel by pixel.
    const mean = (x: number, y: number, radius: number) => {
      let sum = 0;
      let count = 0;
      for (let cy = Math.max(0, y - radius); cy <= Math.min(127, y + radius); cy++)
        for (let cx = Math.max(0, x - radius); cx <= Math.min(127, x + radius); cx++) {
          sum += luma(cx, cy);
          count++;
        }
      return sum / count;
    };
    const contrast = (x: number, y: number, radius: number, inner = 0) => (mean(x, y, radius) - (inner > 0 ? mean(x, y, inner) : luma(x, y))) / 255000;
    const expected = (grey?: { weight: number; radius: number; inner?: number }) =>
      Array.from({ length: 128 * 128 }, (_, i) => {
        const x = i % 128;
        const y = Math.floor(i / 128);
        const value = sampleMap(map, scored.grid, x, y, 128, 128);
        return (grey === undefined ? value : value * (1 + grey.weight * contrast(x, y, grey.radius, grey.inner))) > pixelThreshold;
      });

    const plain = await paintedBy({ pixelThreshold, classes, sigma: 0.5 });
    expect(plain).toEqual(expected());
    const grey = { weight: 2, radius: 16 };
    const weighted = await paintedBy({ pixelThreshold, classes, sigma: 0.5, grey });
    expect(weighted).toEqual(expected(grey));
    // Another mask, still of the map's region.
    const count = (m: boolean[]) => m.filter(Boolean).length;
    expect(count(weighted)).toBeGreaterThan(0);
    expect(weighted).not.toEqual(plain);
    // With the pixel's own grey level a mean over its small neighbourhood.
    const inner = { weight: 3, radius: 16, inner: 2 };
    const blurred = await paintedBy({ pixelThreshold, classes, sigma: 0.5, grey: inner });
    expect(blurred).toEqual(expected(inner));
    expect(blurred).not.toEqual(weighted);
  }, 60_000);
});
