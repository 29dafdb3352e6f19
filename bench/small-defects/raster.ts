/**
 * Pixel operations of the small-defect generator: finding the part in a
 * sample image, and placing the image on a larger canvas whose rest is the
 * image's own background, extended without a seam.
 */
import sharp from 'sharp';

/** An 8-bit RGB image, row-major, 3 bytes a pixel. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Decides from a pixel and the image's border colour whether it belongs to the part. */
export type PartRule = (r: number, g: number, b: number, background: readonly number[]) => boolean;

export async function readRgb(file: string): Promise<Raster> {
  const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${file}: expected 3 channels, got ${info.channels}`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Rows [top, top + height) of an image and of its mask. */
export function cropRows(image: Raster, mask: Uint8Array, top: number, height: number): { image: Raster; mask: Uint8Array } {
  const w = image.width;
  return {
    image: { width: w, height, data: image.data.slice(top * w * 3, (top + height) * w * 3) },
    mask: mask.slice(top * w, (top + height) * w),
  };
}

/** Per-channel median of the pixels on the image's outer 3-pixel frame. */
export function borderMedian(image: Raster): number[] {
  const { width: w, height: h, data } = image;
  const channels: number[][] = [[], [], []];
  const take = (x: number, y: number) => {
    const o = (y * w + x) * 3;
    for (let c = 0; c < 3; c++) channels[c].push(data[o + c]);
  };
  for (let x = 0; x < w; x++) for (const y of [0, 1, 2, h - 3, h - 2, h - 1]) take(x, y);
  for (let y = 3; y < h - 3; y++) for (const x of [0, 1, 2, w - 3, w - 2, w - 1]) take(x, y);
  return channels.map((v) => v.sort((a, b) => a - b)[v.length >> 1]);
}

/**
 * The part's pixels: those the rule accepts, closed (radius 2), the largest
 * 4-connected component, holes filled (whatever the background cannot reach
 * from the image border is part).
 */
export function findPart(image: Raster, rule: PartRule): Uint8Array {
  const { width: w, height: h, data } = image;
  const background = borderMedian(image);
  const raw = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) raw[i] = rule(data[i * 3], data[i * 3 + 1], data[i * 3 + 2], background) ? 1 : 0;
  return fillHoles(largestComponent(erode(dilate(raw, w, h, 2), w, h, 2), w, h), w, h);
}

/** Square-window maximum (radius r), separable. */
export function dilate(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  return window(mask, w, h, r, 1);
}

/** Square-window minimum (radius r), separable; outside the image counts as set. */
export function erode(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  return window(mask, w, h, r, 0);
}

function window(mask: Uint8Array, w: number, h: number, r: number, hit: 0 | 1): Uint8Array {
  const rows = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    // Distance to the nearest `hit` on each side, one pass each way.
    const row = y * w;
    let last = -Infinity;
    for (let x = 0; x < w; x++) {
      if (mask[row + x] === hit) last = x;
      rows[row + x] = x - last <= r ? hit : 1 - hit;
    }
    last = Infinity;
    for (let x = w - 1; x >= 0; x--) {
      if (mask[row + x] === hit) last = x;
      if (last - x <= r) rows[row + x] = hit;
    }
  }
  const out = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) {
    let last = -Infinity;
    for (let y = 0; y < h; y++) {
      if (rows[y * w + x] === hit) last = y;
      out[y * w + x] = y - last <= r ? hit : 1 - hit;
    }
    last = Infinity;
    for (let y = h - 1; y >= 0; y--) {
      if (rows[y * w + x] === hit) last = y;
      if (last - y <= r) out[y * w + x] = hit;
    }
  }
  return out;
}

function largestComponent(mask: Uint8Array, w: number, h: number): Uint8Array {
  const label = new Int32Array(w * h);
  const queue = new Int32Array(w * h);
  let best = 0;
  let bestSize = 0;
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (!mask[start] || label[start]) continue;
    const id = ++next;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    label[start] = id;
    while (head < tail) {
      const p = queue[head++];
      const x = p % w;
      const neighbours = [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, p >= w ? p - w : -1, p + w < w * h ? p + w : -1];
      for (const q of neighbours) {
        if (q >= 0 && mask[q] && !label[q]) {
          label[q] = id;
          queue[tail++] = q;
        }
      }
    }
    if (tail > bestSize) {
      bestSize = tail;
      best = id;
    }
  }
  const out = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) out[i] = label[i] === best && best > 0 ? 1 : 0;
  return out;
}

function fillHoles(mask: Uint8Array, w: number, h: number): Uint8Array {
  const outside = new Uint8Array(w * h);
  const queue = new Int32Array(w * h);
  let tail = 0;
  const seed = (p: number) => {
    if (!mask[p] && !outside[p]) {
      outside[p] = 1;
      queue[tail++] = p;
    }
  };
  for (let x = 0; x < w; x++) {
    seed(x);
    seed((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    seed(y * w);
    seed(y * w + w - 1);
  }
  for (let head = 0; head < tail; head++) {
    const p = queue[head];
    const x = p % w;
    if (x > 0) seed(p - 1);
    if (x < w - 1) seed(p + 1);
    if (p >= w) seed(p - w);
    if (p + w < w * h) seed(p + w);
  }
  const out = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) out[i] = outside[i] ? 0 : 1;
  return out;
}

export function boundingBox(mask: Uint8Array, w: number, h: number): Box {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (mask[y * w + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  return x1 < 0 ? { left: 0, top: 0, width: 0, height: 0 } : { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** value = a + b x + c y, one per channel: the background's illumination. */
export type Plane = [number, number, number][];

/** Least-squares plane per channel through the pixels where `background` is set (every 3rd pixel). */
export function fitPlane(image: Raster, background: Uint8Array): Plane {
  const { width: w, height: h, data } = image;
  // Normal equations in centred coordinates for conditioning.
  const cx = w / 2;
  const cy = h / 2;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  const sv = [0, 0, 0];
  const sxv = [0, 0, 0];
  const syv = [0, 0, 0];
  for (let y = 0; y < h; y += 3)
    for (let x = 0; x < w; x += 3) {
      const p = y * w + x;
      if (!background[p]) continue;
      const dx = x - cx;
      const dy = y - cy;
      n++;
      sx += dx;
      sy += dy;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
      for (let c = 0; c < 3; c++) {
        const v = data[p * 3 + c];
        sv[c] += v;
        sxv[c] += dx * v;
        syv[c] += dy * v;
      }
    }
  const m = [
    [n, sx, sy],
    [sx, sxx, sxy],
    [sy, sxy, syy],
  ];
  return [0, 1, 2].map((c) => {
    const [a, b, d] = solve3(m, [sv[c], sxv[c], syv[c]]);
    return [a - b * cx - d * cy, b, d] as [number, number, number];
  });
}

function solve3(m: number[][], v: number[]): number[] {
  const det = (k: number[][]) =>
    k[0][0] * (k[1][1] * k[2][2] - k[1][2] * k[2][1]) - k[0][1] * (k[1][0] * k[2][2] - k[1][2] * k[2][0]) + k[0][2] * (k[1][0] * k[2][1] - k[1][1] * k[2][0]);
  const d = det(m);
  if (Math.abs(d) < 1e-9) return [v[0] / Math.max(m[0][0], 1), 0, 0];
  return [0, 1, 2].map((col) => det(m.map((row, i) => row.map((value, j) => (j === col ? v[i] : value)))) / d);
}

/** The most the extrapolated illumination may move the background away from the image's own. */
const MAX_SHIFT = 30;
/** Width (px) of the band inside the image's border where its background fades into the synthetic one. */
const FEATHER = 32;
/** Distance (px) over which the background beyond the image turns from the image's edge to the fitted illumination. */
const EDGE_FALLOFF = 80;

/**
 * What the canvas around an image is made of: the background's illumination
 * (a heavy blur of the background pixels alone, so the part does not bleed
 * into it) and its texture (pixel minus illumination), as square blocks of
 * plain background to copy from.
 */
export interface BackgroundModel {
  /** The image with its background's light evened out away from the part: what goes on the canvas. */
  image: Raster;
  /** Illumination, RGB per image pixel. */
  low: Float32Array;
  /** How far each image pixel is from the part, 0 (near) to 1 (far): where the image may fade into the synthetic background. */
  even: Float32Array;
  /** Texture, RGB per image pixel (meaningful on background blocks). */
  high: Float32Array;
  block: number;
  /** Top-left image pixel (y * width + x) of each usable texture block. */
  blocks: Int32Array;
  /** Mean texture of each block, RGB: subtracted so blocks join without steps. */
  blockMeans: Float32Array;
  plane: Plane;
}

export function backgroundModel(image: Raster, part: Uint8Array): BackgroundModel {
  const { width: w, height: h, data } = image;
  const away = dilate(part, w, h, 12);
  const weight = new Float32Array(w * h);
  const weighted = new Float32Array(w * h * 3);
  for (let p = 0; p < w * h; p++) {
    if (away[p]) continue;
    weight[p] = 1;
    for (let c = 0; c < 3; c++) weighted[p * 3 + c] = data[p * 3 + c];
  }
  const plane = fitPlane(image, Uint8Array.from(weight));
  // Normalised convolution: the blur of the background alone.
  const radius = 16;
  const sumWeight = boxBlur(boxBlur(weight, w, h, 1, radius), w, h, 1, radius);
  const sumValue = boxBlur(boxBlur(weighted, w, h, 3, radius), w, h, 3, radius);
  // How far from the part, 0 (near it) to 1 (the blur window, about 64 px wide, holds no part): there the light is evened
  // out to the plane's, so that reflections at the photo's borders (a tray's wall) do not run on as stripes across the canvas.
  const windowX = windowCounts(w, radius);
  const windowY = windowCounts(h, radius);
  const low = new Float32Array(w * h * 3);
  const high = new Float32Array(w * h * 3);
  const evenness = new Float32Array(w * h);
  const flat = new Uint8Array(w * h * 3);
  for (let p = 0; p < w * h; p++) {
    const x = p % w;
    const y = (p - x) / w;
    const even = part[p] ? 0 : Math.max(0, Math.min(1, 2 * (sumWeight[p] / (windowX[x] * windowY[y])) - 1));
    evenness[p] = even;
    for (let c = 0; c < 3; c++) {
      const lit = planeAt(plane, c, x, y);
      const v = sumWeight[p] > 1e-3 ? sumValue[p * 3 + c] / sumWeight[p] : lit;
      const shift = (lit - v) * even;
      low[p * 3 + c] = v + shift;
      high[p * 3 + c] = data[p * 3 + c] - v;
      const value = data[p * 3 + c] + shift;
      flat[p * 3 + c] = value < 0 ? 0 : value > 255 ? 255 : value + 0.5;
    }
  }
  // Texture blocks: wholly on background, off the image's outer rows and columns, and of ordinary texture (no crumbs, dust or edges).
  const integral = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) integral[(y + 1) * (w + 1) + x + 1] = weight[y * w + x] + integral[y * (w + 1) + x + 1] + integral[(y + 1) * (w + 1) + x] - integral[y * (w + 1) + x];
  for (const block of [64, 32, 16]) {
    const found: { at: number; spread: number; mean: number[] }[] = [];
    for (let y = 6; y + block <= h - 6; y += 6)
      for (let x = 6; x + block <= w - 6; x += 6) {
        const inside = integral[(y + block) * (w + 1) + x + block] - integral[y * (w + 1) + x + block] - integral[(y + block) * (w + 1) + x] + integral[y * (w + 1) + x];
        if (inside < block * block) continue;
        let sum2 = 0;
        let peak = 0;
        const mean = [0, 0, 0];
        for (let by = 0; by < block; by += 2)
          for (let bx = 0; bx < block; bx += 2) {
            const q = ((y + by) * w + x + bx) * 3;
            for (let c = 0; c < 3; c++) {
              sum2 += high[q + c] * high[q + c];
              mean[c] += high[q + c];
              peak = Math.max(peak, Math.abs(high[q + c]));
            }
          }
        const n = (block / 2) ** 2;
        const spread = Math.sqrt(sum2 / (3 * n));
        if (peak <= Math.max(6 * spread, 4)) found.push({ at: y * w + x, spread, mean: mean.map((m) => m / n) });
      }
    if (found.length < 12) continue;
    const spreads = found.map((f) => f.spread).sort((a, b) => a - b);
    const typical = spreads[spreads.length >> 1];
    const kept = found.filter((f) => f.spread <= typical * 1.5 + 0.5);
    return {
      image: { width: w, height: h, data: flat },
      low,
      even: evenness,
      high,
      block,
      blocks: Int32Array.from(kept.map((f) => f.at)),
      blockMeans: Float32Array.from(kept.flatMap((f) => f.mean)),
      plane,
    };
  }
  throw new Error('no plain background in this image to extend the canvas with');
}

/** Pixels each position's window covers in two passes of a radius-r box along an axis of `size` (the window shrinks at the ends). */
function windowCounts(size: number, r: number): Float32Array {
  const once = Float32Array.from({ length: size }, (_, i) => Math.min(size - 1, i + r) - Math.max(0, i - r) + 1);
  return Float32Array.from({ length: size }, (_, i) => {
    let sum = 0;
    for (let j = Math.max(0, i - r); j <= Math.min(size - 1, i + r); j++) sum += once[j];
    return sum;
  });
}

function planeAt(plane: Plane, c: number, x: number, y: number): number {
  return plane[c][0] + plane[c][1] * x + plane[c][2] * y;
}

/** Box sums over a (2r+1)-square window (edges: the window shrinks), `channels` interleaved; rows then columns, both in memory order. */
function boxBlur(src: Float32Array, w: number, h: number, channels: number, r: number): Float32Array {
  const stride = w * channels;
  const rows = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    const base = y * stride;
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let x = 0; x <= Math.min(r, w - 1); x++) sum += src[base + x * channels + c];
      for (let x = 0; x < w; x++) {
        rows[base + x * channels + c] = sum;
        if (x + r + 1 < w) sum += src[base + (x + r + 1) * channels + c];
        if (x - r >= 0) sum -= src[base + (x - r) * channels + c];
      }
    }
  }
  // Columns: a running sum per column, moved down one row at a time.
  const out = new Float32Array(src.length);
  const sums = new Float64Array(stride);
  for (let y = 0; y <= Math.min(r, h - 1); y++) for (let i = 0; i < stride; i++) sums[i] += rows[y * stride + i];
  for (let y = 0; y < h; y++) {
    const base = y * stride;
    for (let i = 0; i < stride; i++) out[base + i] = sums[i];
    if (y + r + 1 < h) {
      const add = (y + r + 1) * stride;
      for (let i = 0; i < stride; i++) sums[i] += rows[add + i];
    }
    if (y - r >= 0) {
      const remove = (y - r) * stride;
      for (let i = 0; i < stride; i++) sums[i] -= rows[remove + i];
    }
  }
  return out;
}

/** One channel beyond the image: the edge's illumination turning (t) to the plane's, moved along its capped slope, plus texture. */
function extended(edgeLow: number, planeAtEdge: number, slope: number, t: number, texture: number): number {
  const capped = slope > MAX_SHIFT ? MAX_SHIFT : slope < -MAX_SHIFT ? -MAX_SHIFT : slope;
  const value = edgeLow + (planeAtEdge + capped - edgeLow) * t + texture;
  return value < 0 ? 0 : value > 255 ? 255 : value + 0.5;
}

/**
 * Background texture for a whole canvas: blocks of the image's own plain
 * background drawn at random (`pick`) on a grid at half their size, each
 * overlapping its neighbours by half, cross-faded with weights whose squares
 * sum to one (sin and cos of the position within the overlap), which keeps
 * the texture's variance; no block edge shows and no pattern repeats.
 */
export function backgroundTexture(model: BackgroundModel, canvasWidth: number, canvasHeight: number, pick: (below: number) => number, into?: Float32Array): Float32Array {
  const { high, block, blocks, blockMeans } = model;
  const w = model.image.width;
  const step = block / 2;
  const tileColumns = Math.ceil(canvasWidth / step) + 2;
  const tileRows = Math.ceil(canvasHeight / step) + 2;
  const tiles = Int32Array.from({ length: tileColumns * tileRows }, () => pick(blocks.length));
  const out = into ?? new Float32Array(canvasWidth * canvasHeight * 3);
  out.fill(0);
  // Each tile adds its block, weighted, to the pixels it covers.
  const weight = Float32Array.from({ length: block }, (_, i) => Math.sin((Math.PI * (i + 0.5)) / block));
  for (let ty = 0; ty < tileRows; ty++)
    for (let tx = 0; tx < tileColumns; tx++) {
      const b = tiles[ty * tileColumns + tx];
      const origin = blocks[b];
      const m0 = blockMeans[b * 3];
      const m1 = blockMeans[b * 3 + 1];
      const m2 = blockMeans[b * 3 + 2];
      const left = tx * step - step;
      const top = ty * step - step;
      for (let by = Math.max(0, -top); by < block && top + by < canvasHeight; by++) {
        const wy = weight[by];
        const row = (top + by) * canvasWidth;
        const sourceRow = origin + by * w;
        for (let bx = Math.max(0, -left); bx < block && left + bx < canvasWidth; bx++) {
          const k = wy * weight[bx];
          const o = (row + left + bx) * 3;
          const q = (sourceRow + bx) * 3;
          out[o] += k * (high[q] - m0);
          out[o + 1] += k * (high[q + 1] - m1);
          out[o + 2] += k * (high[q + 2] - m2);
        }
      }
    }
  return out;
}

/**
 * A sample image on a larger canvas, its top-left corner at (ox, oy) (either
 * may be negative). Beyond the image the canvas continues the background:
 * illumination from the image's edge, turning over EDGE_FALLOFF pixels to the
 * fitted plane's, plus `texture` (from backgroundTexture, canvas-sized).
 */
export function extendToCanvas(
  model: BackgroundModel,
  part: Uint8Array,
  texture: Float32Array,
  canvasWidth: number,
  canvasHeight: number,
  ox: number,
  oy: number,
): { canvas: Raster; part: Uint8Array } {
  const { width: w, height: h, data } = model.image;
  const { low, high, even, plane } = model;
  // Per column and per row: the nearest image pixel and the distance to it.
  const ex = new Int32Array(canvasWidth);
  const dx = new Int32Array(canvasWidth);
  for (let cx = 0; cx < canvasWidth; cx++) {
    const ix = cx - ox;
    ex[cx] = ix < 0 ? 0 : ix >= w ? w - 1 : ix;
    dx[cx] = ix - ex[cx];
  }
  const ey = new Int32Array(canvasHeight);
  const dy = new Int32Array(canvasHeight);
  for (let cy = 0; cy < canvasHeight; cy++) {
    const iy = cy - oy;
    ey[cy] = iy < 0 ? 0 : iy >= h ? h - 1 : iy;
    dy[cy] = iy - ey[cy];
  }
  const turn = Float32Array.from({ length: Math.ceil(Math.hypot(canvasWidth, canvasHeight)) + 2 }, (_, d) => 1 - Math.exp(-d / EDGE_FALLOFF));
  const [[a0, b0, d0], [a1, b1, d1], [a2, b2, d2]] = plane;
  const out = new Uint8Array(canvasWidth * canvasHeight * 3);
  const outPart = new Uint8Array(canvasWidth * canvasHeight);
  for (let cy = 0; cy < canvasHeight; cy++) {
    const rowInside = dy[cy] === 0;
    const iy = ey[cy];
    const ddy = dy[cy];
    for (let cx = 0; cx < canvasWidth; cx++) {
      const o = (cy * canvasWidth + cx) * 3;
      const ix = ex[cx];
      const ddx = dx[cx];
      if (rowInside && ddx === 0) {
        const s = (iy * w + ix) * 3;
        const p = iy * w + ix;
        outPart[cy * canvasWidth + cx] = part[p];
        const border = Math.min(ix, iy, w - 1 - ix, h - 1 - iy);
        if (border >= FEATHER || even[p] === 0) {
          out[o] = data[s];
          out[o + 1] = data[s + 1];
          out[o + 2] = data[s + 2];
          continue;
        }
        // Near the image's border, away from the part: its texture cross-fades into the synthetic one (variance-preserving).
        const angle = (Math.PI / 2) * (1 - border / FEATHER) * even[p];
        const keep = Math.cos(angle);
        const take = Math.sin(angle);
        for (let c = 0; c < 3; c++) {
          const value = low[s + c] + high[s + c] * keep + texture[o + c] * take;
          out[o + c] = value < 0 ? 0 : value > 255 ? 255 : value + 0.5;
        }
        continue;
      }
      const t = turn[Math.round(Math.sqrt(ddx * ddx + ddy * ddy))];
      const e = (iy * w + ix) * 3;
      out[o] = extended(low[e], a0 + b0 * ix + d0 * iy, b0 * ddx + d0 * ddy, t, texture[o]);
      out[o + 1] = extended(low[e + 1], a1 + b1 * ix + d1 * iy, b1 * ddx + d1 * ddy, t, texture[o + 1]);
      out[o + 2] = extended(low[e + 2], a2 + b2 * ix + d2 * iy, b2 * ddx + d2 * ddy, t, texture[o + 2]);
    }
  }
  return { canvas: { width: canvasWidth, height: canvasHeight, data: out }, part: outPart };
}
