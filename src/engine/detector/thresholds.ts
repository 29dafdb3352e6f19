export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface Performance {
  F1Score: number;
  Precision: number;
  Recall: number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** 1.4826 x the median absolute deviation: a standard deviation that outliers do not inflate. */
export function robustSpread(values: number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/** Without anomalous examples: three robust spreads above the typical normal score. */
export function normalOnlyThreshold(normalScores: number[]): number {
  return median(normalScores) + 3 * Math.max(robustSpread(normalScores), 1e-6);
}

/**
 * The cut between normal and anomalous scores with the best F1 (anomaly as
 * the positive class); among equals, the one nearest the middle of the gap.
 */
export function bestSeparatingThreshold(normalScores: number[], anomalyScores: number[]): number {
  if (anomalyScores.length === 0) return normalOnlyThreshold(normalScores);
  const all = [...new Set([...normalScores, ...anomalyScores])].sort((a, b) => a - b);
  let best = { f1: -1, threshold: all[0], gap: 0 };
  for (let i = 0; i + 1 < all.length; i++) {
    const threshold = (all[i] + all[i + 1]) / 2;
    const f1 = performanceOf(confusionAt(normalScores, anomalyScores, threshold)).F1Score;
    const gap = all[i + 1] - all[i];
    if (f1 > best.f1 + 1e-12 || (Math.abs(f1 - best.f1) <= 1e-12 && gap > best.gap)) best = { f1, threshold, gap };
  }
  return best.threshold;
}

export function confusionAt(normalScores: number[], anomalyScores: number[], threshold: number): Confusion {
  const tp = anomalyScores.filter((s) => s > threshold).length;
  const fp = normalScores.filter((s) => s > threshold).length;
  return { tp, fp, fn: anomalyScores.length - tp, tn: normalScores.length - fp };
}

export function addConfusion(a: Confusion, b: Confusion): Confusion {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, tn: a.tn + b.tn, fn: a.fn + b.fn };
}

export function performanceOf(c: Confusion): Performance {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { F1Score: f1, Precision: precision, Recall: recall };
}

/** Area under the ROC curve: the chance an anomaly scores above a normal image (ties count half). */
export function auroc(normalScores: number[], anomalyScores: number[]): number {
  if (normalScores.length === 0 || anomalyScores.length === 0) return NaN;
  let wins = 0;
  for (const a of anomalyScores) for (const n of normalScores) wins += a > n ? 1 : a === n ? 0.5 : 0;
  return wins / (normalScores.length * anomalyScores.length);
}

/**
 * Average precision of ranking anomalies above normal images: the precision
 * at each distinct score, weighted by the recall it adds (scikit-learn's
 * step-wise sum, no interpolation); tied scores enter together.
 */
export function averagePrecision(normalScores: number[], anomalyScores: number[]): number {
  if (anomalyScores.length === 0) return NaN;
  const ranked = [...normalScores.map((score) => ({ score, anomaly: false })), ...anomalyScores.map((score) => ({ score, anomaly: true }))].sort((a, b) => b.score - a.score);
  let truePositives = 0;
  let seen = 0;
  let sum = 0;
  for (let i = 0; i < ranked.length; ) {
    let added = 0;
    for (const score = ranked[i].score; i < ranked.length && ranked[i].score === score; i++, seen++) if (ranked[i].anomaly) added++;
    truePositives += added;
    sum += added * (truePositives / seen);
  }
  return sum / anomalyScores.length;
}
