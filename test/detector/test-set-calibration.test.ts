import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossFittedSlopes, fitSlope, verdictConfidence } from '../../src/engine/detector/calibration';
import { PatchModel } from '../../src/engine/detector/patch-model';
import { trainModel, type TrainingImage, type TrainingResult } from '../../src/engine/detector/trainer';
import { syntheticPart } from '../../src/demo/synthetic-parts';

describe('cross-fitted slopes', () => {
  const verdicts = [-3, -2, -1.5, -0.5, 0.4, 1, 2, 2.5, -1, 3, -0.2, 1.5].map((margin, i) => ({ margin, anomalous: i % 3 !== 0 }));

  it('fit DetectAnomalies on every verdict, and each image on the half it is not in', () => {
    const fit = crossFittedSlopes(verdicts)!;
    expect(fit.slope).toBe(fitSlope(verdicts));
    // An image's own margin does not move the slope its confidence comes from.
    verdicts.forEach((_, i) => {
      const changed = verdicts.map((v, j) => (j === i ? { ...v, margin: -v.margin * 5 } : v));
      expect(crossFittedSlopes(changed)!.perImage[i]).toBe(fit.perImage[i]);
    });
    expect(new Set(fit.perImage).size).toBe(2);
  });

  it('cannot fit without both kinds of images', () => {
    expect(crossFittedSlopes(verdicts.filter((v) => v.anomalous))).toBeNull();
  });
});

/*
 * Lookout lets a model train on normal images alone when a test dataset has
 * the anomalies. The test images then calibrate its confidence: anomalies it
 * misses make the curve flatter, so a wrong "normal" is not answered with a
 * confidence near 1, as the uncalibrated curve (0.5 + 0.5 tanh(margin /
 * spread)) did.
 */
describe('a model trained on normal images alone, with a test dataset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-test-calibration-'));
  let model: PatchModel;
  let trained: TrainingResult;
  // Four of the ten test "anomalies" are normal parts: the anomalies a model misses.
  const missed = new Set(['test-anomaly-0.png', 'test-anomaly-1.png', 'test-anomaly-2.png', 'test-anomaly-3.png']);

  const image = async (name: string, kind: 'normal' | 'anomaly', seed: number, label: TrainingImage['label']): Promise<TrainingImage> => {
    const file = join(dir, name);
    writeFileSync(file, (await syntheticPart(kind, seed)).png);
    return { file, name, label };
  };

  beforeAll(async () => {
    model = await PatchModel.create(2);
    const train = await Promise.all(Array.from({ length: 20 }, (_, i) => image(`train-${i}.png`, 'normal', i, 'normal')));
    const test = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => image(`test-normal-${i}.png`, 'normal', 100 + i, 'normal')),
      ...Array.from({ length: 10 }, (_, i) => image(`test-anomaly-${i}.png`, missed.has(`test-anomaly-${i}.png`) ? 'normal' : 'anomaly', 200 + i, 'anomaly')),
    ]);
    trained = await trainModel({ train, test }, model);
  }, 120_000);
  afterAll(() => {
    model?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is calibrated on the test images: its "normal" verdicts are as confident as they are often right, its misses not near 1', () => {
    const { manifest } = trained.artifact;
    const margins = trained.evaluation.map((e) => ({ margin: (e.score - manifest.threshold) / manifest.spread, anomalous: e.label === 'anomaly' }));
    expect(manifest.calibration!.slope).toBeCloseTo(fitSlope(margins)! / manifest.spread, 10);

    const saidNormal = trained.evaluation.filter((e) => e.predicted === 'normal');
    const missedOnes = saidNormal.filter((e) => e.label === 'anomaly');
    expect(missedOnes.map((e) => e.image).sort()).toEqual([...missed].sort());
    const rightShare = (saidNormal.length - missedOnes.length) / saidNormal.length;
    const meanConfidence = saidNormal.reduce((sum, e) => sum + e.confidence, 0) / saidNormal.length;
    expect(Math.abs(meanConfidence - rightShare)).toBeLessThan(0.15);
    expect(Math.max(...missedOnes.map((e) => e.confidence))).toBeLessThan(0.8);
    // What the uncalibrated curve answered for the same misses.
    expect(Math.min(...missedOnes.map((e) => verdictConfidence(e.score, manifest.threshold, { slope: 2 / manifest.spread })))).toBeGreaterThan(0.9);
  });
});
