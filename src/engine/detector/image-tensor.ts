import sharp from 'sharp';
import { IMAGE_RULES } from '../../lookout/constraints';
import type { ModelView } from './model-artifact';
import { partIn, placeCrop, type FoundPart } from './region-of-interest';

/** Backbone input: the feature grid is one cell per this many input pixels. */
export const FEATURE_STRIDE = 8;

export interface ModelInput {
  /** The original image's size. */
  width: number;
  height: number;
  /** RGB planes of the view's crop at inputWidth x inputHeight, scaled to [-1, 1] as Keras MobileNetV2 expects. */
  tensor: Float32Array;
  inputWidth: number;
  inputHeight: number;
  /** The view the input was read through: the one given, its crop placed on the part when it follows it. */
  view: ModelView;
  /** The part found in the image, when the view follows it (null: none found). */
  found?: FoundPart | null;
}

/** The bytes are not an image this detector can read; the message is safe to show. */
export class ImageDecodeError extends Error {}

/** The image is not the size the model was trained on; the message is safe to show. */
export class ImageSizeError extends Error {}

/**
 * Decodes a PNG or JPEG (any channels, alpha dropped), cuts the view's crop
 * and resizes it for the backbone. The pixel limit refuses decompression
 * bombs before decoding. With `expected`, an image of another size is
 * refused (ImageSizeError) before any pixel is decoded. A view that follows
 * the part has its crop placed on the part found in the image, or on
 * `known.found` when the caller found it already (training reads each
 * image through several shifted views).
 */
export async function toModelInput(
  bytes: Buffer,
  view: ModelView | ((width: number, height: number) => ModelView),
  expected?: { width: number; height: number },
  known?: { found: FoundPart | null },
): Promise<ModelInput> {
  let width: number;
  let height: number;
  let data: Buffer;
  let chosen: ModelView;
  let found: FoundPart | null | undefined;
  try {
    const image = sharp(bytes, { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide, failOn: 'error' });
    ({ width = 0, height = 0 } = await image.metadata());
    if (expected && (width !== expected.width || height !== expected.height)) {
      throw new ImageSizeError(`The image is ${width}x${height} pixels; this model was trained on ${expected.width}x${expected.height} images.`);
    }
    chosen = typeof view === 'function' ? view(width, height) : view;
    if (chosen.followPart) {
      found = known ? known.found : await partIn(image, width, height);
      const placed = placeCrop(chosen, found, { width, height });
      if (placed.left !== chosen.crop.left || placed.top !== chosen.crop.top) chosen = { ...chosen, crop: placed };
    }
    const { crop } = chosen;
    const whole = crop.left === 0 && crop.top === 0 && crop.width === width && crop.height === height;
    ({ data } = await (whole ? image : image.extract(crop))
      .removeAlpha()
      .toColourspace('srgb')
      .resize(chosen.inputWidth, chosen.inputHeight, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer({ resolveWithObject: true }));
  } catch (error) {
    if (error instanceof ImageSizeError) throw error;
    const reason = /pixel limit/i.test(String((error as Error)?.message)) ? 'it has more pixels than allowed' : 'it is damaged or not a PNG or JPEG';
    throw new ImageDecodeError(`The image cannot be decoded: ${reason}.`);
  }
  return { width, height, tensor: toPlanes(data, chosen.inputWidth * chosen.inputHeight), inputWidth: chosen.inputWidth, inputHeight: chosen.inputHeight, view: chosen, ...(found === undefined ? {} : { found }) };
}

function toPlanes(rgb: Buffer, plane: number): Float32Array {
  const tensor = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    tensor[i] = rgb[i * 3] / 127.5 - 1;
    tensor[plane + i] = rgb[i * 3 + 1] / 127.5 - 1;
    tensor[2 * plane + i] = rgb[i * 3 + 2] / 127.5 - 1;
  }
  return tensor;
}
