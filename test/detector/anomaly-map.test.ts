import { describe, expect, it } from 'vitest';
import { sampleMap, sampleMapEverywhere } from '../../src/engine/detector/anomaly-map';
import { SeededRandom } from '../../src/engine/detector/seeded-random';

describe('sampling a grid map at every pixel', () => {
  it('gives sampleMap’s value at each pixel, to the bit, for regions larger and smaller than the grid and of odd sizes', () => {
    const r = new SeededRandom(5);
    for (const [grid, width, height] of [
      [{ width: 48, height: 36 }, 576, 768],
      [{ width: 7, height: 5 }, 33, 19],
      [{ width: 16, height: 16 }, 9, 11],
      [{ width: 1, height: 3 }, 4, 4],
    ] as const) {
      const map = Float32Array.from({ length: grid.width * grid.height }, () => r.next() * 40);
      const all = sampleMapEverywhere(map, grid, width, height);
      expect(all.length).toBe(width * height);
      const expected = Array.from({ length: width * height }, (_, i) => sampleMap(map, grid, i % width, Math.floor(i / width), width, height));
      expect(Array.from(all)).toEqual(expected);
    }
  });
});
