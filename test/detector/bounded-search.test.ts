import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syntheticPart } from '../../src/demo/synthetic-parts';
import { FEATURE_DIM } from '../../src/engine/detector/backbone-onnx';
import { BoundedSearch, LOWER_BOUND_DIMENSIONS, reducedBank, SearchChoice } from '../../src/engine/detector/bounded-search';
import type { WeightedDirection } from '../../src/engine/detector/defect-direction';
import { HostedDetector } from '../../src/engine/detector/detection';
import { toModelInput } from '../../src/engine/detector/image-tensor';
import { gridOf, wholeImageView, type ModelArtifact } from '../../src/engine/detector/model-artifact';
import { PatchModel, toMemoryBank } from '../../src/engine/detector/patch-model';
import { scoreImage } from '../../src/engine/detector/scoring';
import { SeededRandom } from '../../src/engine/detector/seeded-random';

/*
 * A classification model's score comes from a search that computes exact
 * nearest-neighbour distances only where they could decide it. It must give
 * the full search's score to the bit, for every scoring and with a defect
 * direction.
 */

const VIEW = wholeImageView(192, 192, 320, 320);
const grid = gridOf(VIEW);
let model: PatchModel;
let bankRows: Float32Array;
const images: { label: string; patches: Float32Array; bytes: Buffer }[] = [];

beforeAll(async () => {
  model = await PatchModel.create(1);
  const normals = await Promise.all([1, 2, 3, 4].map(async (seed) => model.patches(await toModelInput((await syntheticPart('normal', seed, 192)).png, VIEW))));
  // Every fourth patch of four normal parts: a bank that leaves unseen parts' cells some way off.
  const cells = normals.flatMap((p) => Array.from({ length: p.length / FEATURE_DIM }, (_, c) => p.subarray(c * FEATURE_DIM, (c + 1) * FEATURE_DIM))).filter((_, i) => i % 4 === 0);
  bankRows = new Float32Array(cells.length * FEATURE_DIM);
  cells.forEach((row, i) => bankRows.set(row, i * FEATURE_DIM));
  for (const [label, seed] of [['normal', 11], ['normal', 12], ['anomaly', 13], ['anomaly', 14]] as const) {
    const bytes = (await syntheticPart(label, seed, 192)).png;
    images.push({ label, bytes, patches: await model.patches(await toModelInput(bytes, VIEW)) });
  }
}, 60_000);
afterAll(() => model?.release());

function randomDirection(seed: number, weight: number): WeightedDirection {
  const random = new SeededRandom(seed);
  return { weights: Array.from({ length: FEATURE_DIM }, () => random.gaussian() * 0.1), offset: 0.5, scale: 2, weight };
}

describe('bounded nearest-neighbour search', () => {
  it('gives the full search’s score to the bit, for each scoring, with and without a defect direction, computing fewer exact cells', async () => {
    const bank = toMemoryBank(bankRows);
    const bounded = new BoundedSearch(bankRows, bank);
    const cells = grid.width * grid.height;
    let pruned = 0;
    for (const scoring of [{ sigma: 1, topK: 1 }, { sigma: 1, topK: 10 }, { sigma: 0.5, topK: 1 }, { sigma: 2, topK: 3 }]) {
      for (const direction of [undefined, randomDirection(5, 1)]) {
        for (const image of images) {
          const full = await scoreImage(model, image.patches, bank, grid, scoring, direction);
          const fast = await bounded.score(model, image.patches, grid, scoring, direction);
          expect(fast.score, `${image.label} ${JSON.stringify(scoring)} direction ${direction !== undefined}`).toBe(full.score);
          expect(fast.exactCells).toBeLessThanOrEqual(cells);
          if (fast.exactCells < cells / 2) pruned++;
        }
      }
    }
    // The bounds rule most cells out on most images; were they loose, every cell would be computed twice over.
    expect(pruned).toBeGreaterThan(16);
  });

  it('bounds every patch’s nearest distance from below, names a bank patch, and copes with a bank of fewer patches than directions', async () => {
    const random = new SeededRandom(3);
    const rows = (count: number) => Float32Array.from({ length: count * FEATURE_DIM }, () => random.gaussian() * 3);
    for (const bankSize of [500, 5]) {
      const bank = rows(bankSize);
      const reduced = reducedBank(bank, LOWER_BOUND_DIMENSIONS);
      // The basis is orthonormal.
      for (let i = 0; i < reduced.k; i++)
        for (let j = 0; j <= i; j++) {
          let dot = 0;
          for (let d = 0; d < FEATURE_DIM; d++) dot += reduced.basis[d * reduced.k + i] * reduced.basis[d * reduced.k + j];
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
        }
      const patches = rows(200);
      const { lower, index } = await model.lowerBounds(patches, reduced);
      const exact = await model.nearest(patches, toMemoryBank(bank));
      for (let p = 0; p < 200; p++) {
        expect(lower[p]).toBeLessThanOrEqual(exact[p] + 1e-3);
        expect(Number(index[p])).toBeGreaterThanOrEqual(0);
        expect(Number(index[p])).toBeLessThan(bankSize);
      }
    }
  });

  it('is what a hosted classification model answers with', async () => {
    const artifact: ModelArtifact = {
      manifest: {
        format: 1,
        imageWidth: 192,
        imageHeight: 192,
        featureDim: FEATURE_DIM,
        bankSize: bankRows.length / FEATURE_DIM,
        view: VIEW,
        threshold: 5,
        spread: 1,
        calibration: { slope: 1 },
        scoring: { sigma: 1, topK: 1 },
        segmentation: null,
        performance: { F1Score: 1, Precision: 1, Recall: 1 },
        training: { normal: 4, anomaly: 0, testNormal: 0, testAnomaly: 0, seconds: 0 },
      },
      bank: bankRows,
    };
    const detector = new HostedDetector(artifact, model);
    const bounds = vi.spyOn(model, 'lowerBounds');
    for (const image of images) {
      const score = (await detector.score(image.bytes)).score;
      expect(await detector.imageScore(image.bytes)).toBe(score);
      expect((await detector.detect(image.bytes)).IsAnomalous).toBe(score > 5);
    }
    // The bounded search answered (it prunes well here, so the choice kept it), not the full one twice over.
    expect(bounds).toHaveBeenCalledTimes(2 * images.length);
    bounds.mockRestore();
  });
});

describe('the choice between the bounded and the full search', () => {
  it('keeps the bounded search while it computes few cells exactly, and tries it again now and then once it does not pay', () => {
    const choice = new SearchChoice();
    expect(choice.bounded()).toBe(true);
    for (let i = 0; i < 5; i++) choice.record(0.05);
    expect(choice.bounded()).toBe(true);
    for (let i = 0; i < 10; i++) choice.record(0.6);
    const choices = Array.from({ length: 2 * SearchChoice.RETRY_EVERY }, () => choice.bounded());
    expect(choices.filter(Boolean)).toHaveLength(2);
    // A retry that prunes well brings the share down again, and the bounded search back.
    for (let i = 0; i < 10; i++) choice.record(0.02);
    expect(choice.bounded()).toBe(true);
  });
});
