import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticPart } from "../../src/demo/synthetic-parts";
import { FEATURE_DIM } from "../../src/engine/detector/backbone-onnx";
import { HostedDetector } from "../../src/engine/detector/detection";
import { toModelInput } from "../../src/engine/detector/image-tensor";
import {
  wholeImageView,
  type ModelArtifact,
  type ModelManifest,
  type Segmentation,
} from "../../src/engine/detector/model-artifact";
import { PatchModel } from "../../src/engine/detector/patch-model";
import { detectorTensors } from "../../src/engine/packaging/detector-onnx";
import { packageSpec } from "../../src/engine/packaging/package-spec";

/*
 * Masks are cut from a map with its own smoothing (segmentation.sigma) in
 * models trained since; models trained before have no sigma and keep cutting
 * them from the scoring's map, exactly as they did.
 */

let model: PatchModel;
let bank: Float32Array;
let anomaly: Buffer;
const view = wholeImageView(128, 128, 128, 128);

beforeAll(async () => {
  model = await PatchModel.create(1);
  const normal = await syntheticPart("normal", 41);
  bank = await model.patches(await toModelInput(normal.png, view));
  anomaly = (await syntheticPart("anomaly", 42)).png;
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
    training: {
      normal: 1,
      anomaly: 0,
      testNormal: 0,
      testAnomaly: 0,
      seconds: 0,
    },
  };
  return { manifest, bank };
}

async function maskOf(segmentation: Segmentation): Promise<Buffer> {
  const result = await new HostedDetector(artifact(segmentation), model).detect(
    anomaly,
  );
  expect(result.IsAnomalous).toBe(true);
  return sharp(Buffer.from(result.AnomalyMask!)).removeAlpha().raw().toBuffer();
}

describe("the mask map", () => {
  const classes = [
    {
      name: "scratch",
      color: "#E31A1C",
      centroid: new Array<number>(FEATURE_DIM).fill(0),
    },
  ];

  it("is the scoring's map for a model without a mask sigma, and the distances smoothed with that sigma otherwise", async () => {
    const scored = await new HostedDetector(
      artifact({ pixelThreshold: 0, classes }),
      model,
    ).score(anomaly);
    const sorted = [...scored.map].sort((a, b) => a - b);
    // A threshold that paints part of the image, not all of it.
    const pixelThreshold = sorted[Math.floor(sorted.length * 0.8)];
    const old = await maskOf({ pixelThreshold, classes });
    const painted = (mask: Buffer) =>
      mask.filter((v, i) => i % 3 === 1 && v !== 255).length;
    expect(painted(old)).toBeGreaterThan(0);
    expect(painted(old)).toBeLessThan(128 * 128);
    // Without a sigma, exactly the mask of the scoring's own smoothing.
    expect(
      (await maskOf({ pixelThreshold, classes, sigma: 1 })).equals(old),
    ).toBe(true);
    // With a sharper one, another mask.
    expect(
      (await maskOf({ pixelThreshold, classes, sigma: 0.5 })).equals(old),
    ).toBe(false);
  }, 60_000);

  it("is exported as segmentation_map only for models with a mask sigma", () => {
    const outputs = (segmentation: Segmentation) =>
      detectorTensors(packageSpec(artifact(segmentation).manifest)).outputs.map(
        (o) => o.name,
      );
    expect(outputs({ pixelThreshold: 1, classes })).toEqual([
      "anomaly_map",
      "score",
      "is_anomalous",
      "confidence",
      "anomaly_class",
    ]);
    expect(outputs({ pixelThreshold: 1, classes, sigma: 0.5 })).toEqual([
      "anomaly_map",
      "score",
      "is_anomalous",
      "confidence",
      "segmentation_map",
      "anomaly_class",
    ]);
  });
});
