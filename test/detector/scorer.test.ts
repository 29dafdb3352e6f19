import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_DIM } from '../../src/engine/detector/backbone-onnx';
import { greedyCoreset } from '../../src/engine/detector/coreset';
import { PatchModel, toMemoryBank } from '../../src/engine/detector/patch-model';
import { SeededRandom } from '../../src/engine/detector/seeded-random';
import { toModelInput } from '../../src/engine/detector/image-tensor';
import { wholeImageView } from '../../src/engine/detector/model-artifact';
import { makeImage } from '../support/images';

let model: PatchModel;
beforeAll(async () => {
  model = await PatchModel.create(1);
}, 30_000);

function randomRows(count: number, seed: number): Float32Array {
  const r = new SeededRandom(seed);
  return Float32Array.from({ length: count * FEATURE_DIM }, () => r.gaussian());
}

describe('nearest-neighbour scorer (onnxruntime graph)', () => {
  it('matches brute-force distances to the nearest bank row', async () => {
    const bankRows = randomRows(300, 1);
    const patches = randomRows(50, 2);
    const got = await model.nearest(patches, toMemoryBank(bankRows));
    for (let p = 0; p < 50; p++) {
      let best = Infinity;
      for (let b = 0; b < 300; b++) {
        let d2 = 0;
        for (let d = 0; d < FEATURE_DIM; d++) d2 += (patches[p * FEATURE_DIM + d] - bankRows[b * FEATURE_DIM + d]) ** 2;
        best = Math.min(best, d2);
      }
      expect(got[p]).toBeCloseTo(Math.sqrt(best), 2);
    }
  });

  it('gives a bank row distance zero to itself', async () => {
    const bankRows = randomRows(20, 3);
    const got = await model.nearest(bankRows.slice(0, 5 * FEATURE_DIM), toMemoryBank(bankRows));
    for (const d of got) expect(d).toBeLessThan(1e-2);
  });
});

describe('backbone', () => {
  it('turns any PNG or JPEG into one row of 128 finite features per 8x8 input pixels, deterministically', async () => {
    const input = await toModelInput(await makeImage('jpeg', 100, 80), wholeImageView);
    expect(input).toMatchObject({ width: 100, height: 80, inputWidth: 256, inputHeight: 256 });
    const a = await model.patches(input);
    const b = await model.patches(input);
    expect(a.length).toBe(1024 * FEATURE_DIM);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(Array.from(a.slice(0, 64))).toEqual(Array.from(b.slice(0, 64)));
    // Different pictures give different features: the weights are real, not zeros.
    const other = await model.patches(await toModelInput(await makeImage('png', 100, 80, 5), wholeImageView));
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - other[i]);
    expect(diff / a.length).toBeGreaterThan(0.01);
  });

  it('refuses a decompression bomb before decoding it', async () => {
    const sharp = (await import('sharp')).default;
    const bomb = await sharp({ create: { width: 5000, height: 5000, channels: 3, background: '#000' } }).png().toBuffer();
    await expect(toModelInput(bomb, wholeImageView)).rejects.toThrow(/more pixels than allowed/);
  });

  it('looks at a crop of the image at an input size that keeps its aspect ratio', async () => {
    const bytes = await makeImage('png', 300, 200);
    const view = { crop: { left: 40, top: 20, width: 200, height: 150 }, inputWidth: 320, inputHeight: 240 };
    const input = await toModelInput(bytes, view);
    expect(input).toMatchObject({ width: 300, height: 200, inputWidth: 320, inputHeight: 240 });
    expect((await model.patches(input)).length).toBe(40 * 30 * FEATURE_DIM);
    await expect(toModelInput(bytes, view, { width: 200, height: 200 })).rejects.toThrow(/300x200 pixels; this model was trained on 200x200/);
  });
});

describe('greedy coreset', () => {
  it('picks one row from every cluster, covering the set far better than the first rows do', () => {
    // 20 tight clusters of 20 rows each, stored cluster by cluster.
    const centres = randomRows(20, 4);
    const noise = randomRows(400, 5);
    const rows = Float32Array.from({ length: 400 * FEATURE_DIM }, (_, i) => 10 * centres[Math.floor(i / FEATURE_DIM / 20) * FEATURE_DIM + (i % FEATURE_DIM)] + 0.1 * noise[i]);
    const chosen = greedyCoreset(rows, 20);
    expect(new Set(chosen).size).toBe(20);
    expect(new Set(Array.from(chosen, (c) => Math.floor(c / 20))).size).toBe(20);
    const coverage = (indices: ArrayLike<number>) => {
      let worst = 0;
      for (let r = 0; r < 400; r++) {
        let best = Infinity;
        for (const c of Array.from(indices)) {
          let d2 = 0;
          for (let d = 0; d < FEATURE_DIM; d++) d2 += (rows[r * FEATURE_DIM + d] - rows[c * FEATURE_DIM + d]) ** 2;
          best = Math.min(best, d2);
        }
        worst = Math.max(worst, best);
      }
      return worst;
    };
    expect(coverage(chosen)).toBeLessThan(coverage(Array.from({ length: 20 }, (_, i) => i)) / 10);
  });
});
