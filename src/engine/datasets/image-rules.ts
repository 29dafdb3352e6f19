import sharp, { type Metadata } from 'sharp';

import { IMAGE_RULES } from '../../lookout/constraints';
import { sniffImageFormat } from '../../lookout/image-format';

export interface ImageInfo {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

/**
 * Reads an image's format and size from its header, refusing what Lookout
 * refuses. The pixel limit stops a decompression bomb before it is decoded.
 */
export async function inspectImage(bytes: Buffer): Promise<ImageInfo> {
  if (bytes.length === 0) throw new Error('the image is empty.');
  if (bytes.length > IMAGE_RULES.maxBytes) throw new Error(`the image is larger than ${IMAGE_RULES.maxBytes} bytes.`);
  const format = sniffImageFormat(bytes);
  if (!format) throw new Error('the image is neither PNG nor JPEG.');
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide }).metadata();
  } catch {
    throw new Error(`the ${format.toUpperCase()} image cannot be decoded.`);
  }
  const { width = 0, height = 0 } = metadata;
  if (metadata.format !== format) throw new Error(`the image content is ${metadata.format}, not ${format}.`);
  if (width < IMAGE_RULES.minSide || height < IMAGE_RULES.minSide || width > IMAGE_RULES.maxSide || height > IMAGE_RULES.maxSide) {
    throw new Error(`the image is ${width}x${height}; each side must be ${IMAGE_RULES.minSide} to ${IMAGE_RULES.maxSide} pixels.`);
  }
  return { format, width, height };
}
