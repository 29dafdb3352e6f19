import sharp from 'sharp';
import type { ModelView } from './model-artifact';

/** What a grey level is divided by: luma 299 R + 587 G + 114 B of a white pixel. */
const WHITE_LUMA = 255000;

/**
 * How masks weigh the anomaly map by the image (segmentation.grey): at each
 * pixel of the crop, at the image's own resolution, the sampled map is
 * multiplied by 1 + weight x (the mean grey level of the pixel's
 * neighbourhood - its own grey level). A crack shows the dark tray through a
 * light part: darker than its surroundings, it keeps or gains value; the
 * light crumb around it, and dark background far from the part, lose some.
 * The map alone is high over the whole stride-8 cell around a defect.
 */
export interface GreyContrast {
  weight: number;
  /** The neighbourhood: (2 radius + 1) pixels square, centred, cut to the crop. */
  radius: number;
  /**
   * The pixel's own grey level is the mean over (2 inner + 1) pixels square
   * the same way (0: the pixel alone): a crack's darkness, less its grain.
   * Absent: 0.
   */
  inner?: number;
}

/**
 * Each pixel's luma in the view's crop, row-major: 299 R + 587 G + 114 B of
 * the decoded sRGB pixel (alpha dropped), an integer from 0 to 255000.
 */
export async function cropLuma(image: Buffer | string, crop: ModelView['crop']): Promise<Float64Array> {
  const { data, info } = await sharp(image).removeAlpha().toColourspace('srgb').extract(crop).raw().toBuffer({ resolveWithObject: true });
  const pixels = info.width * info.height;
  const luma = new Float64Array(pixels);
  for (let i = 0, o = 0; i < pixels; i++, o += info.channels) luma[i] = 299 * data[o] + 587 * data[o + 1] + 114 * data[o + 2];
  return luma;
}

/**
 * A pixel's (neighbourhood mean luma - its own mean luma) / 255000: how much
 * darker than its surroundings it is, in grey levels (-1 to 1). Each mean
 * is the sum of the luma of the crop's pixels within `radius` (or `inner`)
 * of the pixel in both x and y, divided by their number; the sums are of
 * integers, so exact in any order. Built once per image (a summed-area
 * table), asked per pixel.
 */
export class GreyContrastTable {
  private readonly table: Float64Array;
  private readonly stride: number;

  constructor(
    private readonly luma: Float64Array,
    private readonly width: number,
    private readonly height: number,
  ) {
    // One row and column of zeros ahead.
    this.stride = width + 1;
    this.table = new Float64Array(this.stride * (height + 1));
    for (let y = 0; y < height; y++) {
      let row = 0;
      for (let x = 0; x < width; x++) {
        row += luma[y * width + x];
        this.table[(y + 1) * this.stride + x + 1] = this.table[y * this.stride + x + 1] + row;
      }
    }
  }

  at(x: number, y: number, radius: number, inner = 0): number {
    const own = inner > 0 ? this.meanWithin(x, y, inner) : this.luma[y * this.width + x];
    return (this.meanWithin(x, y, radius) - own) / WHITE_LUMA;
  }

  private meanWithin(x: number, y: number, r: number): number {
    const { table, stride } = this;
    const top = Math.max(0, y - r);
    const bottom = Math.min(this.height, y + r + 1);
    const left = Math.max(0, x - r);
    const right = Math.min(this.width, x + r + 1);
    const sum = table[bottom * stride + right] - table[top * stride + right] - table[bottom * stride + left] + table[top * stride + left];
    return sum / ((bottom - top) * (right - left));
  }
}

/** The value a mask pixel is cut at: the sampled map, weighed by how much darker than its neighbourhood the pixel is. */
export function greyWeighted(mapValue: number, contrast: number, weight: number): number {
  return mapValue * (1 + weight * contrast);
}
