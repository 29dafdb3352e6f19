import sharp from 'sharp';
import { IMAGE_RULES } from '../datasets/image-rules';
import { BACKBONE_INPUT } from './backbone-onnx';

export interface ModelInput {
  width: number;
  height: number;
  /** RGB planes at BACKBONE_INPUT x BACKBONE_INPUT, scaled to [-1, 1] as Keras MobileNetV2 expects. */
  tensor: Float32Array;
}

/**
 * Decodes a PNG or JPEG (any channels, alpha dropped) and resizes it for the
 * backbone. The pixel limit refuses decompression bombs before decoding.
 */
export async function toModelInput(bytes: Buffer): Promise<ModelInput> {
  const image = sharp(bytes, { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide, failOn: 'error' });
  const { width = 0, height = 0 } = await image.metadata();
  const { data } = await image
    .removeAlpha()
    .toColourspace('srgb')
    .resize(BACKBONE_INPUT, BACKBONE_INPUT, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const plane = BACKBONE_INPUT * BACKBONE_INPUT;
  const tensor = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    tensor[i] = data[i * 3] / 127.5 - 1;
    tensor[plane + i] = data[i * 3 + 1] / 127.5 - 1;
    tensor[2 * plane + i] = data[i * 3 + 2] / 127.5 - 1;
  }
  return { width, height, tensor };
}
