import sharp from 'sharp';
import { IMAGE_RULES } from '../../lookout/constraints';
import type { ModelView } from './model-artifact';
import { partCentre, placeCrop } from './region-of-interest';

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
  /** Where the crop was cut: the view's own, or placed on the part when the view follows it. */
  crop: ModelView['crop'];
}

/** The bytes are not an image this detector can read; the message is safe to show. */
export class ImageDecodeError extends Error {}

/** The image is not the size the model was trained on; the message is safe to show. */
export class ImageSizeError extends Error {}

/**
 * Decodes a PNG or JPEG (any channels, alpha dropped), cuts the view's crop
 * and resizes it for the backbone. The pixel limit refuses decompression
 * bombs before decoding. With `expected`, an image of another size is
 * refused (ImageSizeError) before any pixel is decoded.
 */
export async function toModelInput(bytes: Buffer, view: ModelView | ((width: number, height: number) => ModelView), expected?: { width: number; height: number }): Promise<ModelInput> {
  let width: number;
  let height: number;
  let data: Buffer;
  let chosen: ModelView;
  let crop: ModelView['crop'];
  try {
    const image = sharp(bytes, { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide, failOn: 'error' });
    ({ width = 0, height = 0 } = await image.metadata());
    if (expected && (width !== expected.width || height !== expected.height)) {
      throw new ImageSizeError(`The image is ${width}x${height} pixels; this model was trained on ${expected.width}x${expected.height} images.`);
    }
    chosen = typeof view === 'function' ? view(width, height) : view;
    crop = chosen.followPart ? placeCrop(chosen, await partCentre(image, width, height), { width, height }) : chosen.crop;
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
  return { width, height, tensor: toPlanes(data, chosen.inputWidth * chosen.inputHeight), inputWidth: chosen.inputWidth, inputHeight: chosen.inputHeight, crop };
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
