import { FEATURE_GRID } from './backbone-onnx';

/** Gaussian smoothing of a grid map (sigma in cells), edges clamped: removes single-patch noise. */
export function smoothMap(map: Float32Array, size = FEATURE_GRID, sigma = 1): Float32Array {
  const radius = Math.ceil(sigma * 2);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / total);
  const clamp = (v: number) => Math.min(size - 1, Math.max(0, v));
  const horizontal = new Float32Array(map.length);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let i = -radius; i <= radius; i++) sum += map[y * size + clamp(x + i)] * k[i + radius];
      horizontal[y * size + x] = sum;
    }
  const out = new Float32Array(map.length);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let i = -radius; i <= radius; i++) sum += horizontal[clamp(y + i) * size + x] * k[i + radius];
      out[y * size + x] = sum;
    }
  return out;
}

export function maxOf(values: Float32Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * Bilinear sample of a grid map at pixel (px, py) of a width x height image,
 * with the grid cells centred as the backbone's half-pixel resize places them.
 */
export function sampleMap(map: Float32Array, px: number, py: number, width: number, height: number, size = FEATURE_GRID): number {
  const gx = Math.min(size - 1, Math.max(0, ((px + 0.5) * size) / width - 0.5));
  const gy = Math.min(size - 1, Math.max(0, ((py + 0.5) * size) / height - 0.5));
  const x0 = Math.floor(gx);
  const y0 = Math.floor(gy);
  const x1 = Math.min(size - 1, x0 + 1);
  const y1 = Math.min(size - 1, y0 + 1);
  const fx = gx - x0;
  const fy = gy - y0;
  const top = map[y0 * size + x0] * (1 - fx) + map[y0 * size + x1] * fx;
  const bottom = map[y1 * size + x0] * (1 - fx) + map[y1 * size + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}
