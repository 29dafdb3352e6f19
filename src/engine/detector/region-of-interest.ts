import { readFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { IMAGE_RULES } from '../../lookout/constraints';
import type { FollowPart, ModelView } from './model-artifact';
import { median } from './thresholds';

type Crop = ModelView['crop'];

/** Side of the thumbnails the part is looked for in: enough to find it, cheap for hundreds of images. */
const THUMBNAIL = 160;
/** Most normal images looked at. */
const MAX_IMAGES = 40;
/** Border ring, as a fraction of the thumbnail's side, whose median colour is the background. */
const RING = 0.04;
/** A part pixel differs from the background by more than CUT_FACTOR x the CUT_QUANTILE of the ring's own differences, within [CUT_MIN, CUT_MAX]. */
const CUT_FACTOR = 1.5;
const CUT_QUANTILE = 0.9;
const CUT_MIN = 20;
const CUT_MAX = 60;
/** A row or column is the part's when this share of it (and at least LINE_MIN pixels) is. */
const LINE_SHARE = 0.03;
const LINE_MIN = 2;
/** Margin around the union of the parts, as a fraction of its larger side. */
const MARGIN = 0.08;
/** A box more than this many times the median box's area is an image where the part was not found. */
const OUTLIER_AREA = 2;
/**
 * A crop follows the part only when that makes it at most this fraction of
 * the fixed region: where the part hardly moves, locating it in every image
 * gains nothing and could only misplace the crop.
 */
const FOLLOW_GAIN = 0.9;
/** A part covering more than this fraction of the frame is scored whole: cropping would gain little. */
const WHOLE_FRAME = 0.8;

/** What training learns of where the part is. */
export interface PartRegion {
  /** The union of the part's boxes over the normal images, with a margin; the whole frame when no part stands out or the union covers most of it. */
  crop: Crop;
  /**
   * Where a crop following the part pays: the window the largest part
   * needs (its box with the same margin), which a crop of that size
   * centred on the part found in each image holds wherever the part sits;
   * `within`, the union (where a found part's centre may be); `largestPart`,
   * the largest box itself (a larger one found is not the part). Null where
   * the window would not be much smaller than the union (FOLLOW_GAIN), and
   * with a whole-frame crop where no part stands out.
   */
  follow: { window: { width: number; height: number }; within: Crop; largestPart: { width: number; height: number } } | null;
}

/**
 * Where the part is, learned from the normal training images: in each
 * thumbnail, the pixels that differ from the background (the median colour
 * of the border ring, by more than the ring's own variation), the rows and
 * columns that hold enough of them, and the union of those boxes over all
 * images (parts move a little from image to image), with a margin. The
 * whole frame when no part stands out or the union covers most of the
 * frame. And, where the part moves, how a crop follows it.
 */
export async function learnPartRegion(files: string[], width: number, height: number): Promise<PartRegion> {
  const whole: PartRegion = { crop: { left: 0, top: 0, width, height }, follow: null };
  const step = Math.max(1, files.length / MAX_IMAGES);
  const boxes: Box[] = [];
  for (let i = 0; i < files.length; i += step) {
    // An image that cannot be read here only does not vote; the feature extraction names it.
    const found = await partBoxOf(sharp(await readFile(files[Math.floor(i)]), DECODING), width, height).catch(() => null);
    if (found) boxes.push(found);
  }
  // A box far larger than the typical one is a photo where the part did not stand out (a shadow, a
  // lighting change), not a part that moved: it would widen the crop to the frame for every image.
  const typicalArea = median(boxes.map(area));
  const parts = boxes.filter((b) => area(b) <= OUTLIER_AREA * typicalArea);
  const box = parts.reduce<Box | null>((all, b) => (all ? union(all, b) : b), null);
  if (!box) return whole;
  const thumb = thumbnailSize(width, height);
  const margin = MARGIN * Math.max(box.right - box.left, box.bottom - box.top) + 2;
  const left = Math.max(0, Math.floor(((box.left - margin) * width) / thumb.width));
  const top = Math.max(0, Math.floor(((box.top - margin) * height) / thumb.height));
  const right = Math.min(width, Math.ceil(((box.right + margin) * width) / thumb.width));
  const bottom = Math.min(height, Math.ceil(((box.bottom + margin) * height) / thumb.height));
  const covered = { left, top, width: right - left, height: bottom - top };
  if (covered.width < 32 || covered.height < 32) return whole;
  // A union over most of the frame is scored whole; a crop following a part that goes nearly everywhere may still be far smaller.
  const crop = covered.width * covered.height > WHOLE_FRAME * width * height ? whole.crop : covered;
  // The same margin around the largest part, plus a thumbnail pixel each side for where a box's edge falls.
  const partWidth = Math.max(...parts.map((b) => b.right - b.left));
  const partHeight = Math.max(...parts.map((b) => b.bottom - b.top));
  const windowMargin = MARGIN * Math.max(partWidth, partHeight) + 3;
  const window = {
    width: Math.min(covered.width, Math.ceil(((partWidth + 2 * windowMargin) * width) / thumb.width)),
    height: Math.min(covered.height, Math.ceil(((partHeight + 2 * windowMargin) * height) / thumb.height)),
  };
  if (window.width * window.height > FOLLOW_GAIN * covered.width * covered.height) return { crop, follow: null };
  const largestPart = { width: Math.ceil((partWidth * width) / thumb.width), height: Math.ceil((partHeight * height) / thumb.height) };
  return { crop, follow: { window, within: covered, largestPart } };
}

/** A part found in an image (partIn): its box's centre and size, in the image's pixels. */
export interface FoundPart {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The crop of a view that follows the part, in an image: its size, centred
 * on the part found there (partIn), inside the frame, then moved by the
 * view's shift (training's copies) where the frame has the room. Where no
 * part is found, where its centre lies outside the region the training
 * images' parts covered (`within`), or where what was found is far larger
 * than the largest part (OUTLIER_AREA: glare, a shadow), the view's own crop.
 */
export function placeCrop(view: { crop: Crop; followPart?: FollowPart }, found: FoundPart | null, frame: { width: number; height: number }): Crop {
  const { crop, followPart } = view;
  if (!followPart) return crop;
  const { within, largestPart, shift } = followPart;
  const isPart =
    found !== null &&
    found.x >= within.left &&
    found.x < within.left + within.width &&
    found.y >= within.top &&
    found.y < within.top + within.height &&
    (largestPart === undefined || found.width * found.height <= OUTLIER_AREA * largestPart.width * largestPart.height);
  const place = (at: number, extent: number, total: number) => Math.min(total - extent, Math.max(0, Math.round(at - extent / 2)));
  const left = isPart ? place(found.x, crop.width, frame.width) : crop.left;
  const top = isPart ? place(found.y, crop.height, frame.height) : crop.top;
  return {
    ...crop,
    left: shiftedWithin(left, shift?.x ?? 0, crop.width, frame.width) ?? left,
    top: shiftedWithin(top, shift?.y ?? 0, crop.height, frame.height) ?? top,
  };
}

/** `at` moved by `by` where an extent there stays inside `total`, else the other way; null where neither fits. */
export function shiftedWithin(at: number, by: number, extent: number, total: number): number | null {
  return at + by + extent <= total ? at + by : at - by >= 0 ? at - by : null;
}

/** The part in a decoded image (its thumbnail, as training looked at it), in the image's pixels; null where nothing stands out. */
export async function partIn(image: Sharp, width: number, height: number): Promise<FoundPart | null> {
  const box = await partBoxOf(image, width, height);
  if (!box) return null;
  const thumb = thumbnailSize(width, height);
  const sx = width / thumb.width;
  const sy = height / thumb.height;
  return { x: ((box.left + box.right) / 2) * sx, y: ((box.top + box.bottom) / 2) * sy, width: (box.right - box.left) * sx, height: (box.bottom - box.top) * sy };
}

// Decoded as leniently as import and DetectAnomalies decode (failOn 'error'), with the same pixel limit.
const DECODING = { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide, failOn: 'error' } as const;

/** The border ring's width in a thumbnail, in its pixels. */
function ringWidth(thumb: { width: number; height: number }): number {
  return Math.max(2, Math.round(RING * Math.max(thumb.width, thumb.height)));
}

function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const scale = THUMBNAIL / Math.max(width, height);
  return { width: Math.max(8, Math.round(width * scale)), height: Math.max(8, Math.round(height * scale)) };
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

/** The part's box in the image's thumbnail (thumbnail pixels); null where nothing stands out. */
async function partBoxOf(image: Sharp, frameWidth: number, frameHeight: number): Promise<Box | null> {
  const { width, height } = thumbnailSize(frameWidth, frameHeight);
  const rgb = await image.clone().removeAlpha().toColourspace('srgb').resize(width, height, { fit: 'fill' }).raw().toBuffer();
  const ring = ringWidth({ width, height });
  const inRing = (x: number, y: number) => x < ring || y < ring || x >= width - ring || y >= height - ring;
  const channels: number[][] = [[], [], []];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (inRing(x, y)) for (let c = 0; c < 3; c++) channels[c].push(rgb[(y * width + x) * 3 + c]);
  const background = channels.map(median);
  const distance = (i: number) => Math.hypot(rgb[i * 3] - background[0], rgb[i * 3 + 1] - background[1], rgb[i * 3 + 2] - background[2]);
  const ringDistances: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inRing(x, y)) ringDistances.push(distance(y * width + x));
  // The ring's own variation (texture, shading, a part touching the edge) sets how different a part pixel must be.
  const cut = Math.min(CUT_MAX, Math.max(CUT_MIN, CUT_FACTOR * quantile(ringDistances, CUT_QUANTILE)));
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
    const enough = Math.max(LINE_MIN, LINE_SHARE * length);
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

/**
 * How partIn and placeCrop find and place the crop, in words and this
 * model's numbers, for an exported model's detector.json: a consumer
 * follows the part as the engine does.
 */
export function followPartRecipe(followPart: FollowPart, frame: { width: number; height: number }) {
  const thumb = thumbnailSize(frame.width, frame.height);
  const ring = ringWidth(thumb);
  const { largestPart } = followPart;
  return {
    within: { ...followPart.within },
    ...(largestPart ? { largestPart: { ...largestPart } } : {}),
    thumbnail: {
      width: thumb.width,
      height: thumb.height,
      reference:
        `sharp(bytes).removeAlpha().toColourspace('srgb').resize(${thumb.width}, ${thumb.height}, { fit: 'fill' }).raw(): libvips' default kernel (lanczos3), ` +
        "and for a JPEG its shrink-on-load; another resizer can move the part's box by a thumbnail pixel, and the crop by a few image pixels",
    },
    background: `per channel, the median of the ring's pixels, the ring being the thumbnail pixels (x, y) with x < ${ring} or y < ${ring} or x >= ${thumb.width - ring} or y >= ${thumb.height - ring} (the mean of the two middle values for an even count)`,
    partPixels:
      `a thumbnail pixel whose Euclidean RGB distance to the background exceeds cut = min(${CUT_MAX}, max(${CUT_MIN}, ${CUT_FACTOR} * q)), ` +
      `q the ring's distances sorted ascending at index min(n - 1, floor(${CUT_QUANTILE} * n))`,
    box:
      `the rows holding at least max(${LINE_MIN}, ${LINE_SHARE} * ${thumb.width}) part pixels and the columns holding at least max(${LINE_MIN}, ${LINE_SHARE} * ${thumb.height}): ` +
      'from the first to the last of each, right and bottom one past the last; no such row or column: no part',
    centre: `x = (box left + box right) / 2 * ${frame.width} / ${thumb.width}, y = (box top + box bottom) / 2 * ${frame.height} / ${thumb.height}; the box's size in image pixels likewise`,
    place:
      'when a part is found with its centre inside `within` (left <= x < left + width, likewise y)' +
      (largestPart ? ` and its box, in image pixels, at most ${OUTLIER_AREA} times the area of largestPart` : '') +
      `: crop.left = min(${frame.width} - crop.width, max(0, round(x - crop.width / 2))), crop.top = min(${frame.height} - crop.height, max(0, round(y - crop.height / 2))), ` +
      'round taking halves up; otherwise crop.left and crop.top as given',
  };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
