import { describe, expect, it } from "vitest";
import { FEATURE_DIM } from "../../src/engine/detector/backbone-onnx";
import { HostedDetector } from "../../src/engine/detector/detection";
import type { Segmentation } from "../../src/engine/detector/model-artifact";
import { detectorTensors } from "../../src/engine/packaging/detector-onnx";
import { packageSpec } from "../../src/engine/packaging/package-spec";
import { useSegmentationFixture } from "./support/segmentation-fixture";

/*
 * Masks are cut from a map with its own smoothing (segmentation.sigma) in
 * models trained since; models trained before have no sigma and keep cutting
 * them from the scoring's map, exactly as they did.
 */

const fixture = useSegmentationFixture();

const maskOf = (segmentation: Segmentation) => fixture().maskOf(segmentation);

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
      fixture().artifact({ pixelThreshold: 0, classes }),
      fixture().model,
    ).score(fixture().anomaly);
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
      detectorTensors(packageSpec(fixture().artifact(segmentation).manifest)).outputs.map(
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
