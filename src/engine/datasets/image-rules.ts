import sharp, { type Metadata } from 'sharp';

import { IMAGE_RULES } from '../../lookout/constraints';
import { sniffImageFormat } from '../../lookout/image-format';
import { ImportError } from './import-error';

export interface ImageInfo {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

/**
 * Reads an image's format and size from its header, refusing what Lookout
 * refuses, then decodes it once: a header says nothing of the pixels, and a
 * truncated or damaged file would otherwise be imported and fail only when a
 * model is trained on it. Its byte size was checked before it was read
 * (ObjectReader, maxImageBytes). The pixel limit stops a decompression bomb
 * before it is decoded; sharp works on libuv's thread pool, and the decode
 * streams into an 8x8 thumbnail, so it holds no full bitmap.
 */
export async function inspectImage(bytes: Buffer): Promise<ImageInfo> {
  if (bytes.length === 0) throw new ImportError('the image is empty.');
  const format = sniffImageFormat(bytes);
  if (!format) throw new ImportError('the image is neither PNG nor JPEG.');
  let metadata: Metadata;
  try {
    const image = sharp(bytes, { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide, failOn: 'error' });
    metadata = await image.metadata();
    await image.resize(8, 8, { fit: 'fill' }).raw().toBuffer();
  } catch {
    throw new ImportError(`the ${format.toUpperCase()} image cannot be decoded (damaged, truncated, or over ${IMAGE_RULES.maxSide}x${IMAGE_RULES.maxSide} pixels).`);
  }
  const { width = 0, height = 0 } = metadata;
  if (metadata.format !== format) throw new ImportError(`the image content is ${metadata.format}, not ${format}.`);
  if (width < IMAGE_RULES.minSide || height < IMAGE_RULES.minSide || width > IMAGE_RULES.maxSide || height > IMAGE_RULES.maxSide) {
    throw new ImportError(`the image is ${width}x${height}; each side must be ${IMAGE_RULES.minSide} to ${IMAGE_RULES.maxSide} pixels.`);
  }
  return { format, width, height };
}
