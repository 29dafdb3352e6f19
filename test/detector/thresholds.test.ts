import { describe, expect, it } from 'vitest';
import { auroc, bestSeparatingThreshold, confusionAt, normalOnlyThreshold, performanceOf } from '../../src/engine/detector/thresholds';

describe('thresholds', () => {
  it('separates cleanly separable scores in the middle of the gap', () => {
    expect(bestSeparatingThreshold([1, 2, 3], [7, 8, 9])).toBe(5);
  });

  it('maximises F1 when the classes overlap', () => {
    const t = bestSeparatingThreshold([1, 2, 3, 6], [4, 5, 7, 8]);
    expect(performanceOf(confusionAt([1, 2, 3, 6], [4, 5, 7, 8], t)).F1Score).toBeCloseTo(8 / 9, 5);
  });

  it('falls back to median + 3 robust spreads without anomalies', () => {
    expect(normalOnlyThreshold([1, 2, 3, 4, 5])).toBeCloseTo(3 + 3 * 1.4826, 5);
    expect(bestSeparatingThreshold([1, 2, 3, 4, 5], [])).toBeCloseTo(3 + 3 * 1.4826, 5);
  });

  it('computes precision, recall, F1 and AUROC', () => {
    expect(performanceOf({ tp: 8, fp: 2, fn: 2, tn: 8 })).toEqual({ Precision: 0.8, Recall: 0.8, F1Score: 0.8000000000000002 });
    expect(performanceOf({ tp: 0, fp: 0, fn: 3, tn: 3 })).toEqual({ Precision: 0, Recall: 0, F1Score: 0 });
    expect(auroc([1, 2], [3, 4])).toBe(1);
    expect(auroc([1, 3], [2, 4])).toBe(0.75);
  });
});

describe('model files written by an earlier version', () => {
  it('load with the default scoring when they name none', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadArtifact, saveArtifact } = await import('../../src/engine/detector/model-artifact');
    const { DEFAULT_SCORING } = await import('../../src/engine/detector/scoring');
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    try {
      const manifest = { format: 1, imageWidth: 64, imageHeight: 64, featureDim: 128, bankSize: 1, threshold: 1, spread: 1, segmentation: null, performance: { F1Score: 1, Precision: 1, Recall: 1 }, training: { normal: 1, anomaly: 0, testNormal: 0, testAnomaly: 0, seconds: 1 } };
      saveArtifact(dir, { manifest: { ...manifest, scoring: DEFAULT_SCORING } as never, bank: new Float32Array(128) });
      writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest));
      expect(loadArtifact(dir).manifest.scoring).toEqual(DEFAULT_SCORING);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
