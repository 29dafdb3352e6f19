import { describe, expect, it } from 'vitest';
import { sampleMap, smoothMap } from '../../src/engine/detector/anomaly-map';
import { HostedDetector } from '../../src/engine/detector/detection';
import { anomalousPixels, regionsAbove } from '../../src/engine/detector/mask-regions';
import { SCRATCH_CLASSES, useSegmentationFixture } from './support/segmentation-fixture';

/** A width x height grid of values from rows of digits. */
function grid(rows: string[]): { values: number[]; width: number; height: number } {
  return { values: rows.flatMap((r) => [...r].map(Number)), width: rows[0].length, height: rows.length };
}

describe('regions above a threshold', () => {
  it('joins pixels touching by a side or a corner, and keeps each region’s peak', () => {
    const { values, width, height } = grid(['2000', '0300', '0040', '5000']);
    const { labels, peaks } = regionsAbove(values, width, height, 1);
    // 2, 3 and 4 touch corner to corner: one region; the 5 is alone.
    expect(Array.from(labels)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0]);
    expect(peaks).toEqual([4, 5]);
  });

  it('counts a value equal to the threshold as below it', () => {
    const { values, width, height } = grid(['121', '111']);
    const { labels, peaks } = regionsAbove(values, width, height, 1);
    expect(Array.from(labels)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(peaks).toEqual([2]);
  });

  it('finds no region in an image below the threshold, and one in an image above it', () => {
    expect(regionsAbove(new Float64Array(12), 4, 3, 0).peaks).toEqual([]);
    const all = regionsAbove(new Float64Array(12).fill(1), 4, 3, 0);
    expect(all.peaks).toEqual([1]);
    expect(Array.from(all.labels)).toEqual(new Array(12).fill(1));
  });
});

describe('anomalous pixels', () => {
  const { values, width, height } = grid(['22000', '00000', '00003', '00022']);

  it('are every pixel above the threshold without a seed', () => {
    expect(Array.from(anomalousPixels(values, width, height, 1))).toEqual(values.map((v) => (v > 1 ? 1 : 0)));
  });

  it('with a seed, are only the regions reaching it, whole', () => {
    // The top-left region peaks at 2, the bottom-right one at 3.
    expect(Array.from(anomalousPixels(values, width, height, 1, 2))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1]);
    expect(Array.from(anomalousPixels(values, width, height, 1, 3)).every((v) => v === 0)).toBe(true);
    expect(Array.from(anomalousPixels(values, width, height, 1, 1.5))).toEqual(Array.from(anomalousPixels(values, width, height, 1)));
  });
});

describe('masks with a seed threshold', () => {
  const classes = SCRATCH_CLASSES;
  const fixture = useSegmentationFixture();

  it('paint only the regions of the sampled map that reach the seed, as the model’s recipe reads', async () => {
    const scored = await new HostedDetector(fixture().artifact({ pixelThreshold: 0, classes, sigma: 0.5 }), fixture().model).score(fixture().anomaly);
    const map = smoothMap(scored.unsmoothed!, scored.grid, 0.5);
    const value = Array.from({ length: 128 * 128 }, (_, i) => sampleMap(map, scored.grid, i % 128, Math.floor(i / 128), 128, 128));
    const sorted = [...value].sort((a, b) => a - b);
    const pixelThreshold = sorted[Math.floor(sorted.length * 0.6)];
    const expected = (seed: number) => {
      // Written apart from the engine's flood fill: union-find over the pixels above the threshold.
      const parent = value.map((_, i) => i);
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
      for (let i = 0; i < value.length; i++) {
        if (value[i] <= pixelThreshold) continue;
        const x = i % 128;
        const y = Math.floor(i / 128);
        for (const [dx, dy] of [[-1, -1], [0, -1], [1, -1], [-1, 0]]) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && nx < 128 && ny >= 0 && value[ny * 128 + nx] > pixelThreshold) parent[find(i)] = find(ny * 128 + nx);
        }
      }
      const peak = new Map<number, number>();
      value.forEach((v, i) => v > pixelThreshold && peak.set(find(i), Math.max(peak.get(find(i)) ?? -Infinity, v)));
      return { mask: value.map((v, i) => v > pixelThreshold && peak.get(find(i))! > seed), peaks: [...peak.values()].sort((a, b) => a - b) };
    };
    const { peaks } = expected(Infinity);
    // More than one region, so a seed between their peaks keeps some and drops others.
    expect(peaks.length).toBeGreaterThan(1);
    const seed = (peaks[peaks.length - 2] + peaks[peaks.length - 1]) / 2;

    const single = await fixture().paintedBy({ pixelThreshold, classes, sigma: 0.5 });
    expect(single).toEqual(value.map((v) => v > pixelThreshold));
    const seeded = await fixture().paintedBy({ pixelThreshold, classes, sigma: 0.5, seedThreshold: seed });
    expect(seeded).toEqual(expected(seed).mask);
    const count = (m: boolean[]) => m.filter(Boolean).length;
    expect(count(seeded)).toBeGreaterThan(0);
    expect(count(seeded)).toBeLessThan(count(single));
  }, 60_000);
});
