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

  it('measures the choice on images that did not make it: nested cross-validation is no better than the truth', () => {
    // Ten candidates of pure noise: choosing among them on all the images finds one that looks good,
    // but each outer fold judged by a choice made without it is back to chance.
    const noise = Array.from({ length: 10 }, (_, i) => candidate(0, 10 + i, 40, 40));
    const { crossValidated } = selectModel(noise);
    const { tp, fp, tn, fn } = crossValidated!.confusion;
    expect(tp + fp + tn + fn).toBe(80);
    const accuracy = (tp + tn) / 80;
    expect(accuracy).toBeLessThan(0.65);
  });

  it('fits a calibration on the held-out verdicts: wrong verdicts get lower confidence than right ones', () => {
    const selection = selectModel([candidate(2, 5, 60, 40)]);
    const verdicts = [...selection.crossValidated!.normal, ...selection.crossValidated!.anomaly];
    const slope = selection.slope! * selection.spread;
    const confidence = (m: number) => 1 / (1 + Math.exp(-slope * Math.abs(m)));
    const right = verdicts.filter((v) => v.margin > 0 === v.anomalous).map((v) => confidence(v.margin));
    const wrong = verdicts.filter((v) => v.margin > 0 !== v.anomalous).map((v) => confidence(v.margin));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(wrong.length).toBeGreaterThan(0);
    expect(mean(wrong)).toBeLessThan(mean(right) - 0.1);
  });

  it('has no calibration or cross-validation without anomalies to learn from', () => {
    const selection = selectModel([{ normal: [1, 2, 3, 4], anomaly: [] }]);
    expect(selection.slope).toBeNull();
    expect(selection.crossValidated).toBeNull();
  });
});
