import { describe, expect, it } from 'vitest';
import { anomalyProbability, calibrationOf, fitSlope, verdictConfidence, type HeldOutVerdict } from '../../src/engine/detector/calibration';
import { SeededRandom } from '../../src/engine/detector/seeded-random';

describe('calibration', () => {
  it('is 0.5 at the threshold, never below 0.5 for the verdict given, and symmetric around it', () => {
    const calibration = { slope: 3 };
    expect(anomalyProbability(5, 5, calibration)).toBe(0.5);
    expect(verdictConfidence(5.5, 5, calibration)).toBeCloseTo(verdictConfidence(4.5, 5, calibration), 12);
    for (const score of [0, 4.9, 5, 5.1, 50]) expect(verdictConfidence(score, 5, calibration)).toBeGreaterThanOrEqual(0.5);
    expect(verdictConfidence(50, 5, calibration)).toBeLessThanOrEqual(1);
  });

  it('keeps the curve models trained before calibration answered with (0.5 + 0.5 tanh(margin / spread))', () => {
    const calibration = calibrationOf({ spread: 2 });
    for (const margin of [0.1, 1, 3]) expect(verdictConfidence(5 + margin, 5, calibration)).toBeCloseTo(0.5 + 0.5 * Math.tanh(margin / 2), 12);
    expect(calibrationOf({ spread: 2, calibration: { slope: 7 } })).toEqual({ slope: 7 });
  });

  it('fits a slope whose probabilities match how often held-out verdicts were right', () => {
    // Margins drawn from two overlapping Gaussians (normal around -2, anomalous around +2, sd 1.5):
    // the true P(anomalous | margin) is logistic with slope 2 * 2 / 1.5^2 = 1.78.
    const random = new SeededRandom(3);
    const verdicts: HeldOutVerdict[] = [];
    for (let i = 0; i < 4000; i++) {
      const anomalous = i % 2 === 0;
      verdicts.push({ anomalous, margin: (anomalous ? 2 : -2) + 1.5 * random.gaussian() });
    }
    // Within sampling noise and the small pull of Platt's smoothed targets.
    expect(Math.abs(fitSlope(verdicts)! - 1.78) / 1.78).toBeLessThan(0.06);
  });

  it('stays finite on perfectly separated verdicts, steeper the wider the gap', () => {
    const separated = (gap: number): HeldOutVerdict[] => [
      ...[1, 2, 3, 4, 5].map((m) => ({ margin: -gap * m, anomalous: false })),
      ...[1, 2, 3, 4, 5].map((m) => ({ margin: gap * m, anomalous: true })),
    ];
    const narrow = fitSlope(separated(1))!;
    const wide = fitSlope(separated(3))!;
    expect(Number.isFinite(narrow)).toBe(true);
    expect(narrow).toBeGreaterThan(wide);
    // Platt's targets: the most confident held-out verdict is about (n+1)/(n+2), not 1.
    expect(anomalyProbability(5, 0, { slope: narrow })).toBeLessThan(0.99);
  });

  it('gives the flattest curve when every verdict sits on the threshold', () => {
    const onThreshold = [true, false, true, false].map((anomalous) => ({ margin: 0, anomalous }));
    expect(fitSlope(onThreshold)).toBeLessThanOrEqual(1e-3);
  });

  it('cannot fit without both kinds of images', () => {
    expect(fitSlope([{ margin: 1, anomalous: true }])).toBeNull();
    expect(fitSlope([])).toBeNull();
  });
});
