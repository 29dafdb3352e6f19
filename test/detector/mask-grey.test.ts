import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sampleMap, smoothMap } from '../../src/engine/detector/anomaly-map';
import { HostedDetector } from '../../src/engine/detector/detection';
import { SCRATCH_CLASSES, useSegmentationFixture } from './support/segmentation-fixture';

/*
 * Masks weigh the map by each pixel's darkness against its neighbourhood in
 * models trained since segmentation.grey; models without it paint exactly
 * as before.
 */

const classes = SCRATCH_CLASSES;
const fixture = useSegmentationFixture();

describe('grey-weighted masks', () => {
  it('paint the map alone without a grey weighting, and the map weighed by each pixel’s darkness against its neighbourhood with one', async () => {
    const scored = await new HostedDetector(fixture().artifact({ pixelThreshold: 0, classes, sigma: 0.5 }), fixture().model).score(fixture().anomaly);
    const map = smoothMap(scored.unsmoothed!, scored.grid, 0.5);
    const sorted = [...map].sort((a, b) => a - b);
    const pixelThreshold = sorted[Math.floor(sorted.length * 0.7)];
    const { data } = await sharp(fixture().anomaly).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
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

    const plain = await fixture().paintedBy({ pixelThreshold, classes, sigma: 0.5 });
    expect(plain).toEqual(expected());
    const grey = { weight: 2, radius: 16 };
    const weighted = await fixture().paintedBy({ pixelThreshold, classes, sigma: 0.5, grey });
    expect(weighted).toEqual(expected(grey));
    // Another mask, still of the map's region.
    const count = (m: boolean[]) => m.filter(Boolean).length;
    expect(count(weighted)).toBeGreaterThan(0);
    expect(weighted).not.toEqual(plain);
    // With the pixel's own grey level a mean over its small neighbourhood.
    const inner = { weight: 3, radius: 16, inner: 2 };
    const blurred = await fixture().paintedBy({ pixelThreshold, classes, sigma: 0.5, grey: inner });
    expect(blurred).toEqual(expected(inner));
    expect(blurred).not.toEqual(weighted);
  }, 60_000);
});
