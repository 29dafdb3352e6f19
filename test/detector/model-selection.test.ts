import { describe, expect, it } from 'vitest';
import { selectModel, type CandidateScores } from '../../src/engine/detector/model-selection';
import { SeededRandom } from '../../src/engine/detector/seeded-random';

/** Scores whose anomalies sit `shift` normal-spreads above the normal images. */
function candidate(shift: number, seed: number, normals = 30, anomalies = 15): CandidateScores {
  const random = new SeededRandom(seed);
  return {
    normal: Array.from({ length: normals }, () => random.gaussian()),
    anomaly: Array.from({ length: anomalies }, () => shift + random.gaussian()),
  };
}

describe('model selection', () => {
  it('keeps the candidate that separates clearly better, with a threshold between the classes', () => {
    const selection = selectModel([candidate(0.5, 1), candidate(4, 2), candidate(1, 3)]);
    expect(selection.chosen).toBe(1);
    expect(selection.threshold).toBeGreaterThan(0);
    expect(selection.threshold).toBeLessThan(4);
  });

  it('prefers the earlier candidate when a later one is better only by noise', () => {
    const perfect = candidate(8, 1);
    const alsoPerfect = { normal: perfect.normal.map((v) => v * 0.5), anomaly: perfect.anomaly.map((v) => v * 0.5 + 3) };
    expect(selectModel([perfect, alsoPerfect]).chosen).toBe(0);
  });

  it('measures the choice on images that did not make it: nested cross-validation is no better than chance on noise', () => {
    // Ten candidates of pure noise: choosing among them on all the images finds one that looks good
    // (the in-sample control), but each outer fold judged by a choice made without it is back to chance.
    const noise = Array.from({ length: 10 }, (_, i) => candidate(0, 10 + i, 40, 40));
    const selection = selectModel(noise);
    const { tp, fp, tn, fn } = selection.crossValidated!.confusion;
    expect(tp + fp + tn + fn).toBe(80);
    const kept = noise[selection.chosen];
    const inSample = (kept.normal.filter((v) => v <= selection.threshold).length + kept.anomaly.filter((v) => v > selection.threshold).length) / 80;
    const nested = (tp + tn) / 80;
    expect(inSample).toBeGreaterThan(0.65);
    expect(nested).toBeLessThan(inSample - 0.05);
    expect(nested).toBeLessThan(0.65);
  });

  it('calibrates: among held-out verdicts given confidence about c, about c are right', () => {
    // Overlapping classes, many images: the confidence the fitted curve gives each verdict
    // is checked against how often verdicts with that confidence were right.
    const selection = selectModel([candidate(1.5, 5, 400, 400)]);
    const verdicts = [...selection.crossValidated!.normal, ...selection.crossValidated!.anomaly];
    const slope = selection.slope! * selection.spread;
    const bins = [
      [0.5, 0.7],
      [0.7, 0.9],
      [0.9, 1.01],
    ];
    for (const [low, high] of bins) {
      const inBin = verdicts
        .map((v) => ({ confidence: 1 / (1 + Math.exp(-slope * Math.abs(v.margin))), right: v.margin > 0 === v.anomalous }))
        .filter((v) => v.confidence >= low && v.confidence < high);
      expect(inBin.length).toBeGreaterThan(40);
      const predicted = inBin.reduce((a, v) => a + v.confidence, 0) / inBin.length;
      const observed = inBin.filter((v) => v.right).length / inBin.length;
      expect(Math.abs(predicted - observed)).toBeLessThan(0.08);
    }
  });

  it('stays sane on degenerate data: two normal images, or every score the same', () => {
    const few = selectModel([{ normal: [1, 1.2], anomaly: [3, 4, 5, 2.5, 6, 3.3, 4.4, 5.1, 2.9, 3.8] }]);
    expect(few.spread).toBeGreaterThan(0.01);
    expect(Number.isFinite(few.slope!)).toBe(true);
    const flat = selectModel([{ normal: Array(20).fill(2), anomaly: Array(10).fill(2) }]);
    expect(Number.isFinite(flat.threshold)).toBe(true);
    // Nothing separates: the calibration must not claim certainty, even ten spreads from the threshold.
    const confidence = 1 / (1 + Math.exp(-flat.slope! * flat.spread * 10));
    expect(confidence).toBeLessThan(0.51);
  });

  it('has no calibration or cross-validation without anomalies to learn from', () => {
    const selection = selectModel([{ normal: [1, 2, 3, 4], anomaly: [] }]);
    expect(selection.slope).toBeNull();
    expect(selection.crossValidated).toBeNull();
  });
});
