import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { IMAGE_RULES } from '../../lookout/constraints';
import type { ModelView } from './model-artifact';
import { median } from './thresholds';

type Crop = ModelView['crop'];

/** Side of the thumbnails the part is looked for in: enough to find it, cheap for hundreds of images. */
const THUMBNAIL = 160;
/** Most normal images looked at. */
const MAX_IMAGES = 40;
/** Border ring, as a fraction of the thumbnail's side, whose median colour is the background. */
const RING = 0.04;
/** Margin around the union of the parts, as a fraction of its larger side. */
const MARGIN = 0.08;
/** A box more than this many times the median box's area is an image where the part was not found. */
const OUTLIER_AREA = 2;
/** A part covering more than this fraction of the frame is scored whole: cropping would gain little. */
const WHOLE_FRAME = 0.8;

/**
 * Where the part is, learned from the normal training images: in each
 * thumbnail, the pixels that differ from the background (the median colour
 * of the border ring, by more than the ring's own variation), the rows and
 * columns that hold enough of them, and the union of those boxes over all
 * images (parts move a little from image to image), with a margin. The
 * whole frame when no part stands out or it fills most of the frame.
 */
export async function learnPartRegion(files: string[], width: number, height: number): Promise<Crop> {
  const whole: Crop = { left: 0, top: 0, width, height };
  const step = Math.max(1, files.length / MAX_IMAGES);
  const scale = THUMBNAIL / Math.max(width, height);
  const boxes: Box[] = [];
  for (let i = 0; i < files.length; i += step) {
    // An image that cannot be read here only does not vote; the feature extraction names it.
    const found = await partBox(files[Math.floor(i)], Math.max(8, Math.round(width * scale)), Math.max(8, Math.round(height * scale))).catch(() => null);
    if (found) boxes.push(found);
  }
  // A box far larger than the typical one is a photo where the part did not stand out (a shadow, a
  // lighting change), not a part that moved: it would widen the crop to the frame for every image.
  const typicalArea = median(boxes.map(area));
  const box = boxes.filter((b) => area(b) <= OUTLIER_AREA * typicalArea).reduce<Box | null>((all, b) => (all ? union(all, b) : b), null);
  if (!box) return whole;
  const thumbWidth = Math.max(8, Math.round(width * scale));
  const thumbHeight = Math.max(8, Math.round(height * scale));
  const margin = MARGIN * Math.max(box.right - box.left, box.bottom - box.top) + 2;
  const left = Math.max(0, Math.floor(((box.left - margin) * width) / thumbWidth));
  const top = Math.max(0, Math.floor(((box.top - margin) * height) / thumbHeight));
  const right = Math.min(width, Math.ceil(((box.right + margin) * width) / thumbWidth));
  const bottom = Math.min(height, Math.ceil(((box.bottom + margin) * height) / thumbHeight));
  const crop = { left, top, width: right - left, height: bottom - top };
  if (crop.width < 32 || crop.height < 32 || crop.width * crop.height > WHOLE_FRAME * width * height) return whole;
  return crop;
}

interface Box {
  left: number;
  top: number;
  /** Exclusive. */
  right: number;
  bottom: number;
}

function area(b: Box): number {
  return (b.right - b.left) * (b.bottom - b.top);
}

function union(a: Box, b: Box): Box {
  return { left: Math.min(a.left, b.left), top: Math.min(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom) };
}

export async function partBox(file: string, width: number, height: number): Promise<Box | null> {
  // Decoded as leniently as import and DetectAnomalies decode (failOn 'error'), with the same pixel limit.
  const rgb = await sharp(await readFile(file), { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide, failOn: 'error' })
    .removeAlpha().toColourspace('srgb').resize(width, height, { fit: 'fill' }).raw().toBuffer();
  const ring = Math.max(2, Math.round(RING * Math.max(width, height)));
  const inRing = (x: number, y: number) => x < ring || y < ring || x >= width - ring || y >= height - ring;
  const channels: number[][] = [[], [], []];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (inRing(x, y)) for (let c = 0; c < 3; c++) channels[c].push(rgb[(y * width + x) * 3 + c]);
  const background = channels.map(median);
  const distance = (i: number) => Math.hypot(rgb[i * 3] - background[0], rgb[i * 3 + 1] - background[1], rgb[i * 3 + 2] - background[2]);
  const ringDistances: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inRing(x, y)) ringDistances.push(distance(y * width + x));
  // The ring's own variation (texture, shading, a part touching the edge) sets how different a part pixel must be.
  const cut = Math.min(60, Math.max(20, 1.5 * quantile(ringDistances, 0.9)));
  const rows = new Array<number>(height).fill(0);
  const columns = new Array<number>(width).fill(0);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (distance(y * width + x) > cut) {
        rows[y]++;
        columns[x]++;
      }
  // A row or column belongs to the part when a few percent of it does: stray pixels and noise do not.
  const span = (counts: number[], length: number) => {
    const enough = Math.max(2, 0.03 * length);
    const first = counts.findIndex((c) => c >= enough);
    if (first < 0) return null;
    let last = counts.length - 1;
    while (counts[last] < enough) last--;
    return [first, last + 1] as const;
  };
  const ys = span(rows, width);
  const xs = span(columns, height);
  if (!ys || !xs) return null;
  return { left: xs[0], top: ys[0], right: xs[1], bottom: ys[1] };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
