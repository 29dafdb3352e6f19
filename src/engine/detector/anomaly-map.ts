/** A map over the feature grid: one value per cell, row-major. */
export interface Grid {
  width: number;
  height: number;
}

/** Gaussian smoothing of a grid map (sigma in cells), edges clamped: removes single-patch noise. */
export function smoothMap(map: Float32Array, grid: Grid, sigma = 1): Float32Array {
  const { width, height } = grid;
  const radius = Math.ceil(sigma * 2);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / total);
  const clamp = (v: number, size: number) => Math.min(size - 1, Math.max(0, v));
  const horizontal = new Float32Array(map.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let i = -radius; i <= radius; i++) sum += map[y * width + clamp(x + i, width)] * k[i + radius];
      horizontal[y * width + x] = sum;
    }
  const out = new Float32Array(map.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let i = -radius; i <= radius; i++) sum += horizontal[clamp(y + i, height) * width + x] * k[i + radius];
      out[y * width + x] = sum;
    }
  return out;
}

export function maxOf(values: Float32Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * Bilinear sample of a grid map at pixel (px, py) of a width x height region,
 * with the grid cells centred as the backbone's half-pixel resize places them.
 */
export function sampleMap(map: Float32Array, grid: Grid, px: number, py: number, width: number, height: number): number {
  const gx = Math.min(grid.width - 1, Math.max(0, ((px + 0.5) * grid.width) / width - 0.5));
  const gy = Math.min(grid.height - 1, Math.max(0, ((py + 0.5) * grid.height) / height - 0.5));
  const x0 = Math.floor(gx);
  const y0 = Math.floor(gy);
  const x1 = Math.min(grid.width - 1, x0 + 1);
  const y1 = Math.min(grid.height - 1, y0 + 1);
  const fx = gx - x0;
  const fy = gy - y0;
  const top = map[y0 * grid.width + x0] * (1 - fx) + map[y0 * grid.width + x1] * fx;
  const bottom = map[y1 * grid.width + x0] * (1 - fx) + map[y1 * grid.width + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * sampleMap at every pixel of a width x height region, row-major: the same
 * arithmetic (so the same values to the bit), each column's and row's
 * cells and weights worked out once instead of per pixel.
 */
export function sampleMapEverywhere(map: Float32Array, grid: Grid, width: number, height: number): Float64Array {
  const along = (size: number, cells: number) => {
    const near = new Int32Array(size);
    const far = new Int32Array(size);
    const weight = new Float64Array(size);
    for (let p = 0; p < size; p++) {
      const g = Math.min(cells - 1, Math.max(0, ((p + 0.5) * cells) / size - 0.5));
      near[p] = Math.floor(g);
      far[p] = Math.min(cells - 1, near[p] + 1);
      weight[p] = g - near[p];
    }
    return { near, far, weight };
  };
  const xs = along(width, grid.width);
  const ys = along(height, grid.height);
  const out = new Float64Array(width * height);
  for (let y = 0, i = 0; y < height; y++) {
    const row0 = ys.near[y] * grid.width;
    const row1 = ys.far[y] * grid.width;
    const fy = ys.weight[y];
    for (let x = 0; x < width; x++, i++) {
      const x0 = xs.near[x];
      const x1 = xs.far[x];
      const fx = xs.weight[x];
      const top = map[row0 + x0] * (1 - fx) + map[row0 + x1] * fx;
      const bottom = map[row1 + x0] * (1 - fx) + map[row1 + x1] * fx;
      out[i] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
