/**
 * Masks with two thresholds (segmentation.seedThreshold), as an edge
 * detector links edges: a pixel above the pixel threshold is anomalous only
 * if its region of such pixels (8-connected: touching by a side or a
 * corner) reaches the higher seed threshold somewhere. A low pixel threshold
 * then follows a crack to its ends, while the faint blobs a chocolate chip
 * or a shadow makes elsewhere, which never rise to the seed, are dropped.
 * On the cookies' test masks: IoU 0.441 with one threshold, 0.497 with two
 * (BENCHMARKS.md).
 */

/** The regions of pixels above `threshold` in a width x height image of values, row-major. */
export interface Regions {
  /** Per pixel: 0 below the threshold, else 1 + the index of its region. */
  labels: Int32Array;
  /** Per region: its largest value. */
  peaks: number[];
}

export function regionsAbove(values: ArrayLike<number>, width: number, height: number, threshold: number): Regions {
  const labels = new Int32Array(width * height);
  const peaks: number[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] !== 0 || !(values[start] > threshold)) continue;
    const label = peaks.length + 1;
    let peak = values[start];
    let top = 0;
    labels[start] = label;
    stack[top++] = start;
    while (top > 0) {
      const p = stack[--top];
      if (values[p] > peak) peak = values[p];
      const x = p % width;
      const y = (p - x) / width;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++)
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const q = ny * width + nx;
          if (labels[q] === 0 && values[q] > threshold) {
            labels[q] = label;
            stack[top++] = q;
          }
        }
    }
    peaks.push(peak);
  }
  return { labels, peaks };
}

/**
 * 1 where a pixel is anomalous: above `threshold`, and, with a `seed`, in a
 * region whose largest value is above it; else 0.
 */
export function anomalousPixels(values: ArrayLike<number>, width: number, height: number, threshold: number, seed?: number): Uint8Array {
  const out = new Uint8Array(width * height);
  if (seed === undefined) {
    for (let i = 0; i < out.length; i++) out[i] = values[i] > threshold ? 1 : 0;
    return out;
  }
  const { labels, peaks } = regionsAbove(values, width, height, threshold);
  const seeded = peaks.map((peak) => peak > seed);
  for (let i = 0; i < out.length; i++) out[i] = labels[i] !== 0 && seeded[labels[i] - 1] ? 1 : 0;
  return out;
}
