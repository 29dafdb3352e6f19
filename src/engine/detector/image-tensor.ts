import sharp from 'sharp';
import { IMAGE_RULES } from '../../lookout/constraints';
import { BACKBONE_INPUT } from './backbone-onnx';

export interface ModelInput {
  width: number;
  height: number;
  /** RGB planes at BACKBONE_INPUT x BACKBONE_INPUT, scaled to [-1, 1] as Keras MobileNetV2 expects. */
  tensor: Float32Array;
}

/** The bytes are not an image this detector can read; the message is safe to show. */
export class ImageDecodeError extends Error {}

/**
 * Decodes a PNG or JPEG (any channels, alpha dropped) and resizes it for the
 * backbone. The pixel limit refuses decompression bombs before decoding.
 */
export async function toModelInput(bytes: Buffer): Promise<ModelInput> {
  let width: number;
  let height: number;
  let data: Buffer;
  try {
    const image = sharp(bytes, { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide, failOn: 'error' });
    ({ width = 0, height = 0 } = await image.metadata());
    ({ data } = await image
      .removeAlpha()
      .toColourspace('srgb')
      .resize(BACKBONE_INPUT, BACKBONE_INPUT, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer({ resolveWithObject: true }));
  } catch (error) {
    const reason = /pixel limit/i.test(String((error as Error)?.message)) ? 'it has more pixels than allowed' : 'it is damaged or not a PNG or JPEG';
    throw new ImageDecodeError(`The image cannot be decoded: ${reason}.`);
  }
  const plane = BACKBONE_INPUT * BACKBONE_INPUT;
  const tensor = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    tensor[i] = data[i * 3] / 127.5 - 1;
    tensor[plane + i] = data[i * 3 + 1] / 127.5 - 1;
    tensor[2 * plane + i] = data[i * 3 + 2] / 127.5 - 1;
  }
  return { width, height, tensor };
}
