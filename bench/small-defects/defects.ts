/**
 * Synthetic defects drawn on the part of a canvas: scratches, spots, missing
 * pieces and shifted pieces, each sized to a given fraction of the image.
 */
import type { SeededRandom } from '../../src/engine/detector/seeded-random';
import { dilate, erode, type Box, type Raster } from './raster';

export const DEFECT_TYPES = ['scratch', 'spot', 'missing', 'shifted'] as const;
export type DefectType = (typeof DEFECT_TYPES)[number];

export const SIZE_BUCKETS = ['tiny', 'small', 'medium'] as const;
export type SizeBucket = (typeof SIZE_BUCKETS)[number];

/** Defect area as a fraction of the whole image: [from, to). Tiny starts at a few pixels (about 30 on a 1000x667 image). */
export const BUCKET_RANGE: Record<SizeBucket, [number, number]> = {
  tiny: [0.00004, 0.0005],
  small: [0.0005, 0.0025],
  medium: [0.0025, 0.01],
};

/** Mask colour of each defect type (Lookout-style: one colour per anomaly class, background black). */
export const DEFECT_COLORS: Record<DefectType, string> = {
  scratch: '#FF0000',
  spot: '#00FF00',
  missing: '#0000FF',
  shifted: '#FFFF00',
};

/** Where defects may go on a part, in its sample image's coordinates (computed once per image). */
export interface PartGeometry {
  width: number;
  height: number;
  /** Part pixels at least 3 px inside its outline (y * width + x). */
  interior: Int32Array;
  /** Part pixels on its outline. */
  edge: Int32Array;
  /** The part grown by 10 px: background texture is borrowed only outside it. */
  grown: Uint8Array;
  /** The part's larger bounding-box side. */
  extent: number;
}

export function partGeometry(part: Uint8Array, w: number, h: number): PartGeometry {
  const inner = erode(part, w, h, 3);
  const core = erode(part, w, h, 1);
  const interior: number[] = [];
  const edge: number[] = [];
  let x0 = w;
  let x1 = 0;
  let y0 = h;
  let y1 = 0;
  for (let p = 0; p < w * h; p++) {
    if (!part[p]) continue;
    if (inner[p]) interior.push(p);
    if (!core[p]) edge.push(p);
    const x = p % w;
    const y = (p - x) / w;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (interior.length === 0) throw new Error('the part is too thin to draw defects on');
  return { width: w, height: h, interior: Int32Array.from(interior), edge: Int32Array.from(edge), grown: dilate(part, w, h, 10), extent: Math.max(x1 - x0, y1 - y0) };
}

/** A canvas with the part on it, ready for defects. */
export interface Scene {
  canvas: Raster;
  /** 1 where the part is, canvas coordinates. */
  part: Uint8Array;
  geometry: PartGeometry;
  /** Where the sample image's top-left corner is on the canvas. */
  offset: { x: number; y: number };
  /** Spot colours that may be used on this part. */
  palette: readonly (readonly number[])[];
}

export interface DrawnDefect {
  image: Raster;
  /** 1 on defect pixels. */
  mask: Uint8Array;
  type: DefectType;
  bucket: SizeBucket;
  areaPixels: number;
  areaFraction: number;
  bbox: Box;
}

/** What a defect does to a box of the canvas: blend `color` in with weight cover * opacity. */
interface Stroke {
  box: Box;
  /** 0-1 per pixel of the box; the defect's extent (>= 0.5 counts as defect). */
  cover: Float32Array;
  /** RGB per pixel of the box, what the pixel becomes at full cover. */
  color: Float32Array;
  opacity: number;
}

/** Draws a defect at a requested area in pixels; null when this placement cannot make one. */
type Drawer = (area: number) => Stroke | null;

/** A scene with the part's geometry in canvas coordinates. */
interface Prepared extends Scene {
  interior: Int32Array;
  edge: Int32Array;
  /** Whether background texture may be borrowed at this canvas pixel. */
  clear(p: number): boolean;
  partExtent: number;
}

function prepare(scene: Scene): Prepared {
  const { width: w, height: h } = scene.canvas;
  const g = scene.geometry;
  const { x: ox, y: oy } = scene.offset;
  const toCanvas = (points: Int32Array) => {
    const out: number[] = [];
    for (const p of points) {
      const x = (p % g.width) + ox;
      const y = Math.floor(p / g.width) + oy;
      if (x >= 0 && y >= 0 && x < w && y < h) out.push(y * w + x);
    }
    return Int32Array.from(out);
  };
  const interior = toCanvas(g.interior);
  if (interior.length === 0) throw new Error('the part is off the canvas');
  return {
    ...scene,
    interior,
    edge: toCanvas(g.edge),
    clear: (p) => {
      const x = (p % w) - ox;
      const y = Math.floor(p / w) - oy;
      return x < 0 || y < 0 || x >= g.width || y >= g.height || !g.grown[y * g.width + x];
    },
    partExtent: g.extent,
  };
}

/**
 * A defect of the given type whose area (pixels with cover >= 0.5, on the
 * part) falls inside the bucket's range: the placement and shape are drawn,
 * then the size is rescaled until the measured area fits; a placement that
 * cannot fit is replaced.
 */
export function drawDefect(scene: Scene, type: DefectType, bucket: SizeBucket, random: SeededRandom): DrawnDefect {
  const s = prepare(scene);
  const { width: w, height: h } = s.canvas;
  const [from, to] = BUCKET_RANGE[bucket].map((f) => f * w * h);
  // Log-uniform inside the range, away from its ends.
  const target = Math.exp(Math.log(from * 1.15) + random.next() * (Math.log(to / 1.15) - Math.log(from * 1.15)));
  for (let placement = 0; placement < 12; placement++) {
    const draw = drawerFor(type, s, bucket, random);
    let requested = target;
    for (let attempt = 0; attempt < 6; attempt++) {
      const stroke = draw(requested);
      if (!stroke) break;
      const area = areaOf(stroke);
      if (area >= from && area < to) return compose(s, stroke, type, bucket);
      if (area === 0) break;
      requested *= Math.max(0.25, Math.min(4, target / area));
    }
  }
  throw new Error(`could not place a ${bucket} ${type} on this part`);
}

function drawerFor(type: DefectType, s: Prepared, bucket: SizeBucket, random: SeededRandom): Drawer {
  switch (type) {
    case 'scratch':
      return scratch(s, bucket, random);
    case 'spot':
      return spot(s, random);
    case 'missing':
      return missing(s, random);
    case 'shifted':
      return shifted(s, random);
  }
}

function areaOf(stroke: Stroke): number {
  let n = 0;
  for (const c of stroke.cover) if (c >= 0.5) n++;
  return n;
}

function compose(s: Prepared, stroke: Stroke, type: DefectType, bucket: SizeBucket): DrawnDefect {
  const { width: w, height: h } = s.canvas;
  const data = Uint8Array.from(s.canvas.data);
  const mask = new Uint8Array(w * h);
  const { box, cover, color, opacity } = stroke;
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  let area = 0;
  for (let y = 0; y < box.height; y++)
    for (let x = 0; x < box.width; x++) {
      const i = y * box.width + x;
      if (cover[i] <= 0) continue;
      const cx = box.left + x;
      const cy = box.top + y;
      const o = (cy * w + cx) * 3;
      const a = cover[i] * opacity;
      for (let c = 0; c < 3; c++) data[o + c] = clampByte(data[o + c] * (1 - a) + color[i * 3 + c] * a);
      if (cover[i] >= 0.5) {
        mask[cy * w + cx] = 1;
        area++;
        x0 = Math.min(x0, cx);
        x1 = Math.max(x1, cx);
        y0 = Math.min(y0, cy);
        y1 = Math.max(y1, cy);
      }
    }
  return {
    image: { width: w, height: h, data },
    mask,
    type,
    bucket,
    areaPixels: area,
    areaFraction: area / (w * h),
    bbox: { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 },
  };
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function pick(points: Int32Array, random: SeededRandom): number {
  return points[random.int(points.length)];
}

function uniform(random: SeededRandom, from: number, to: number): number {
  return from + random.next() * (to - from);
}

/** A box clipped to the canvas. */
function clipBox(s: Prepared, left: number, top: number, right: number, bottom: number): Box | null {
  const { width: w, height: h } = s.canvas;
  const l = Math.max(0, Math.floor(left));
  const t = Math.max(0, Math.floor(top));
  const r = Math.min(w - 1, Math.ceil(right));
  const b = Math.min(h - 1, Math.ceil(bottom));
  return r < l || b < t ? null : { left: l, top: t, width: r - l + 1, height: b - t + 1 };
}

function luminance(s: Prepared, p: number): number {
  const d = s.canvas.data;
  return 0.299 * d[p * 3] + 0.587 * d[p * 3 + 1] + 0.114 * d[p * 3 + 2];
}

/**
 * Scratches: thin anti-aliased curves (1-3 px, tapered at the ends, their
 * strength varying along the length), darker or lighter than the surface.
 * Past the length one stroke can have on the part, several near-parallel
 * strokes make a scuff.
 */
function scratch(s: Prepared, bucket: SizeBucket, random: SeededRandom): Drawer {
  const { width: w } = s.canvas;
  const start = pick(s.interior, random);
  const sx = start % w;
  const sy = (start - sx) / w;
  const angle = uniform(random, 0, Math.PI);
  const maxLength = Math.max(40, Math.min(400, 0.45 * s.partExtent));
  const light = luminance(s, start);
  const dark = random.next() < (light > 200 ? 0.8 : light < 90 ? 0.2 : 0.5);
  const lines = Array.from({ length: 16 }, (_, i) => ({
    width: bucket === 'tiny' ? uniform(random, 1, 2) : uniform(random, 1, 3),
    angle: angle + (i === 0 ? 0 : uniform(random, -0.12, 0.12)),
    bend: uniform(random, -0.12, 0.12),
    // Offsets across and along the first stroke.
    across: i === 0 ? 0 : (i % 2 ? 1 : -1) * Math.ceil(i / 2) * uniform(random, 2, 5),
    along: i === 0 ? 0 : uniform(random, -0.25, 0.25),
    strength: uniform(random, 0.35, 0.65),
    wave: uniform(random, 0, 2 * Math.PI),
  }));
  return (area) => {
    const meanWidth = lines.reduce((sum, l) => sum + l.width, 0) / lines.length;
    const total = area / Math.max(1, meanWidth);
    const count = Math.min(lines.length, Math.ceil(total / maxLength));
    const length = total / count;
    const strokes = lines.slice(0, count).map((l) => {
      const dx = Math.cos(l.angle);
      const dy = Math.sin(l.angle);
      const x0 = sx - dy * l.across + dx * l.along * length - (dx * length) / 2;
      const y0 = sy + dx * l.across + dy * l.along * length - (dy * length) / 2;
      return { ...l, x0, y0, x2: x0 + dx * length, y2: y0 + dy * length, cx: x0 + (dx * length) / 2 - dy * l.bend * length, cy: y0 + (dy * length) / 2 + dx * l.bend * length };
    });
    const xs = strokes.flatMap((k) => [k.x0, k.x2, k.cx]);
    const ys = strokes.flatMap((k) => [k.y0, k.y2, k.cy]);
    const box = clipBox(s, Math.min(...xs) - 3, Math.min(...ys) - 3, Math.max(...xs) + 3, Math.max(...ys) + 3);
    if (!box) return null;
    const cover = new Float32Array(box.width * box.height);
    const strength = new Float32Array(box.width * box.height);
    for (const k of strokes) {
      const steps = Math.ceil(length * 2.5);
      for (let step = 0; step <= steps; step++) {
        const t = step / steps;
        const px = (1 - t) * (1 - t) * k.x0 + 2 * (1 - t) * t * k.cx + t * t * k.x2;
        const py = (1 - t) * (1 - t) * k.y0 + 2 * (1 - t) * t * k.cy + t * t * k.y2;
        const half = (k.width / 2) * (0.55 + 0.45 * Math.sin(Math.PI * t));
        const st = k.strength * (0.7 + 0.3 * Math.sin(k.wave + t * 9));
        for (let y = Math.floor(py - half - 1); y <= Math.ceil(py + half + 1); y++)
          for (let x = Math.floor(px - half - 1); x <= Math.ceil(px + half + 1); x++) {
            const bx = x - box.left;
            const by = y - box.top;
            if (bx < 0 || by < 0 || bx >= box.width || by >= box.height) continue;
            const c = Math.min(1, Math.max(0, half + 0.5 - Math.hypot(x - px, y - py)));
            const i = by * box.width + bx;
            if (c > cover[i]) {
              cover[i] = c;
              strength[i] = st;
            }
          }
      }
    }
    const color = new Float32Array(cover.length * 3);
    for (let y = 0; y < box.height; y++)
      for (let x = 0; x < box.width; x++) {
        const i = y * box.width + x;
        const p = (box.top + y) * w + box.left + x;
        if (!s.part[p]) cover[i] = 0;
        if (cover[i] === 0) continue;
        for (let c = 0; c < 3; c++) {
          const v = s.canvas.data[p * 3 + c];
          color[i * 3 + c] = dark ? v * (1 - strength[i]) : v + (255 - v) * strength[i];
        }
      }
    return { box, cover, color, opacity: 1 };
  };
}

/** An irregular closed shape: radius r(θ) = r (1 + Σ a_k sin(kθ + φ_k)). */
interface Blob {
  amplitudes: number[];
  phases: number[];
  stretch: number;
  tilt: number;
}

function randomBlob(random: SeededRandom): Blob {
  return {
    amplitudes: [uniform(random, 0, 0.2), uniform(random, 0, 0.12), uniform(random, 0, 0.06)],
    phases: [0, 0, 0].map(() => uniform(random, 0, 2 * Math.PI)),
    stretch: uniform(random, 1, 1.6),
    tilt: uniform(random, 0, Math.PI),
  };
}

/** Cover of a blob centred at (x, y) with mean radius r and a soft edge `feather` px wide, over its box. */
function blobCover(s: Prepared, blob: Blob, x: number, y: number, r: number, feather: number): { box: Box; cover: Float32Array } | null {
  const reach = r * Math.sqrt(blob.stretch) * 1.4 + feather + 1;
  const box = clipBox(s, x - reach, y - reach, x + reach, y + reach);
  if (!box) return null;
  const cover = new Float32Array(box.width * box.height);
  const ks = [2, 3, 5];
  const cos = Math.cos(blob.tilt);
  const sin = Math.sin(blob.tilt);
  for (let by = 0; by < box.height; by++)
    for (let bx = 0; bx < box.width; bx++) {
      const dx = box.left + bx - x;
      const dy = box.top + by - y;
      // Into the blob's frame: stretched along its tilt.
      const u = (dx * cos + dy * sin) / Math.sqrt(blob.stretch);
      const v = (-dx * sin + dy * cos) * Math.sqrt(blob.stretch);
      const theta = Math.atan2(v, u);
      let radius = r;
      for (let k = 0; k < 3; k++) radius += r * blob.amplitudes[k] * Math.sin(ks[k] * theta + blob.phases[k]);
      cover[by * box.width + bx] = Math.min(1, Math.max(0, (radius - Math.hypot(u, v)) / feather + 0.5));
    }
  return { box, cover };
}

function clipToPart(s: Prepared, box: Box, cover: Float32Array): void {
  const w = s.canvas.width;
  for (let y = 0; y < box.height; y++)
    for (let x = 0; x < box.width; x++) if (!s.part[(box.top + y) * w + box.left + x]) cover[y * box.width + x] = 0;
}

/** Spots: a blob of a colour that contrasts with the surface (from the set's palette), keeping some of the surface's texture. */
function spot(s: Prepared, random: SeededRandom): Drawer {
  const { width: w } = s.canvas;
  const centre = pick(s.interior, random);
  const x = centre % w;
  const y = (centre - x) / w;
  const blob = randomBlob(random);
  const opacity = uniform(random, 0.8, 0.95);
  const texture = uniform(random, 0.25, 0.5);
  const choice = random.next();
  return (area) => {
    const shape = blobCover(s, blob, x, y, Math.sqrt(area / Math.PI), 1.2);
    if (!shape) return null;
    const { box, cover } = shape;
    clipToPart(s, box, cover);
    // The surface's mean colour under the spot; the palette colour furthest from it (or the second furthest).
    const mean = [0, 0, 0];
    let n = 0;
    forBox(box, w, (i, p) => {
      if (cover[i] <= 0) return;
      for (let c = 0; c < 3; c++) mean[c] += s.canvas.data[p * 3 + c];
      n++;
    });
    if (n === 0) return null;
    for (let c = 0; c < 3; c++) mean[c] /= n;
    const ranked = [...s.palette].sort((a, b) => distance(b, mean) - distance(a, mean));
    const paint = ranked[choice < 0.7 || ranked.length < 2 ? 0 : 1];
    const color = new Float32Array(cover.length * 3);
    forBox(box, w, (i, p) => {
      for (let c = 0; c < 3; c++) color[i * 3 + c] = paint[c] + (s.canvas.data[p * 3 + c] - mean[c]) * texture;
    });
    return { box, cover, color, opacity };
  };
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function forBox(box: Box, w: number, visit: (i: number, p: number) => void): void {
  for (let y = 0; y < box.height; y++) for (let x = 0; x < box.width; x++) visit(y * box.width + x, (box.top + y) * w + box.left + x);
}

/** Width (px) and brightness of the cut face around a missing piece. */
const WALL = 1.5;
const WALL_SHADE = 0.7;

/**
 * Missing piece: the part under a blob replaced by background, a thin shaded
 * cut face around it. A bite when
 * the blob sits on the part's edge (60%), a hole otherwise. The background
 * is a patch of the canvas's own background well away from the part, so it
 * keeps the real texture.
 */
function missing(s: Prepared, random: SeededRandom): Drawer {
  const { width: w, height: h } = s.canvas;
  const bite = random.next() < 0.6 && s.edge.length > 0;
  const centre = pick(bite ? s.edge : s.interior, random);
  const x = centre % w;
  const y = (centre - x) / w;
  const blob = randomBlob(random);
  return (area) => {
    const r = Math.sqrt(((bite ? 2 : 1) * area) / Math.PI);
    const shape = blobCover(s, blob, x, y, r + WALL, 1);
    const hole = blobCover(s, blob, x, y, r, 1);
    if (!shape || !hole) return null;
    const { box, cover } = shape;
    clipToPart(s, box, cover);
    // The hole's cover in the outer shape's box (the same centre, so the boxes nest).
    const inner = new Float32Array(cover.length);
    forBox(hole.box, w, (i, p) => {
      const bx = (p % w) - box.left;
      const by = Math.floor(p / w) - box.top;
      if (bx >= 0 && by >= 0 && bx < box.width && by < box.height) inner[by * box.width + bx] = Math.min(hole.cover[i], cover[by * box.width + bx]);
    });
    // A background patch of the same size where nothing of the part is near.
    let source: [number, number] | null = null;
    for (let tries = 0; tries < 400 && !source; tries++) {
      const u = random.int(w - box.width + 1);
      const v = random.int(h - box.height + 1);
      let ok = true;
      for (let by = 0; by < box.height && ok; by += 2) for (let bx = 0; bx < box.width && ok; bx += 2) ok = s.clear((v + by) * w + u + bx);
      if (ok) source = [u, v];
    }
    if (!source) return null;
    const [u, v] = source;
    const fill = new Float32Array(cover.length * 3);
    forBox(box, w, (i) => {
      const bx = i % box.width;
      const by = (i - bx) / box.width;
      const q = (v + by) * w + u + bx;
      for (let c = 0; c < 3; c++) fill[i * 3 + c] = s.canvas.data[q * 3 + c];
    });
    matchBackground(s, box, inner, fill);
    // Inside the hole the background; on the ring around it the part's cut face, in shadow.
    const color = new Float32Array(cover.length * 3);
    forBox(box, w, (i, p) => {
      if (cover[i] <= 0) return;
      const wall = cover[i] - inner[i];
      for (let c = 0; c < 3; c++) color[i * 3 + c] = (inner[i] * fill[i * 3 + c] + wall * s.canvas.data[p * 3 + c] * WALL_SHADE) / cover[i];
    });
    return { box, cover, color, opacity: 1 };
  };
}

/**
 * Shifts the borrowed background's mean colour to that of the background
 * next to the hole, so the illumination matches where it is pasted.
 */
function matchBackground(s: Prepared, box: Box, cover: Float32Array, color: Float32Array): void {
  const { width: w, height: h } = s.canvas;
  // The nearest background: a ring grown until it holds enough of it.
  let around = [0, 0, 0];
  let n = 0;
  for (let ring = 24; ring <= 384 && n < 50; ring *= 2) {
    around = [0, 0, 0];
    n = 0;
    for (let y = Math.max(0, box.top - ring); y < Math.min(h, box.top + box.height + ring); y += 2)
      for (let x = Math.max(0, box.left - ring); x < Math.min(w, box.left + box.width + ring); x += 2) {
        const p = y * w + x;
        if (s.part[p]) continue;
        for (let c = 0; c < 3; c++) around[c] += s.canvas.data[p * 3 + c];
        n++;
      }
  }
  const pasted = [0, 0, 0];
  let m = 0;
  for (let i = 0; i < cover.length; i++) {
    for (let c = 0; c < 3; c++) pasted[c] += color[i * 3 + c];
    m++;
  }
  if (n < 20 || m === 0) return;
  for (let i = 0; i < cover.length; i++) for (let c = 0; c < 3; c++) color[i * 3 + c] += around[c] / n - pasted[c] / m;
}

/**
 * Shifted piece: a blob of the part shows what is elsewhere on the part (a
 * piece copied from 2-5 radii away, itself on the part), as when a component sits out of place.
 * Of several candidate sources the one that changes the surface most wins.
 */
function shifted(s: Prepared, random: SeededRandom): Drawer {
  const { width: w, height: h } = s.canvas;
  const centre = pick(s.interior, random);
  const x = centre % w;
  const y = (centre - x) / w;
  const blob = randomBlob(random);
  const candidates = Array.from({ length: 40 }, () => ({ angle: uniform(random, 0, 2 * Math.PI), reach: uniform(random, 2, 5) }));
  return (area) => {
    const r = Math.sqrt(area / Math.PI);
    const shape = blobCover(s, blob, x, y, r, 1.5);
    if (!shape) return null;
    const { box, cover } = shape;
    clipToPart(s, box, cover);
    let best: { dx: number; dy: number; change: number } | null = null;
    for (const { angle, reach } of candidates) {
      const distanceAway = Math.max(8, reach * r);
      const dx = Math.round(Math.cos(angle) * distanceAway);
      const dy = Math.round(Math.sin(angle) * distanceAway);
      if (box.left + dx < 0 || box.top + dy < 0 || box.left + box.width + dx > w || box.top + box.height + dy > h) continue;
      let onPart = 0;
      let covered = 0;
      let change = 0;
      forBox(box, w, (i, p) => {
        if (cover[i] <= 0) return;
        const q = p + dy * w + dx;
        covered++;
        onPart += s.part[q];
        for (let c = 0; c < 3; c++) change += Math.abs(s.canvas.data[q * 3 + c] - s.canvas.data[p * 3 + c]);
      });
      if (covered === 0 || onPart < covered * 0.95) continue;
      change /= covered * 3;
      if (!best || change > best.change) best = { dx, dy, change };
    }
    if (!best || best.change < 10) return null;
    const { dx, dy } = best;
    const color = new Float32Array(cover.length * 3);
    forBox(box, w, (i, p) => {
      const q = p + dy * w + dx;
      for (let c = 0; c < 3; c++) color[i * 3 + c] = s.canvas.data[q * 3 + c];
    });
    return { box, cover, color, opacity: 1 };
  };
}
