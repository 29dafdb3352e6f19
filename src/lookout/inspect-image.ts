import sharp, { type Metadata } from 'sharp';
import { IMAGE_RULES } from './constraints';
import { sniffImageFormat, type ImageFormat } from './image-format';

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

/** An image Lookout would refuse; the message says why, in words for the person who sent it. */
export class ImageRuleError extends Error {}

/** Bytes that are no PNG or JPEG at all, rather than a damaged or ill-sized image (the gateway answers it UNSUPPORTED_MEDIA_TYPE). */
export class UnsupportedImageFormat extends ImageRuleError {}

/**
 * Reads an image's format and size from its header, refusing what Lookout
 * refuses, then decodes it once: a header says nothing of the pixels, and a
 * truncated or damaged file would otherwise be accepted and fail only when a
 * model is trained on it. The pixel limit stops a decompression bomb before it
 * is decoded; sharp works on libuv's thread pool, and the decode streams into
 * an 8x8 thumbnail, so it holds no full bitmap. The caller bounds the bytes
 * before it reads them. Used by the engine's imports and the gateway's uploads.
 */
export async function inspectImage(bytes: Buffer): Promise<ImageInfo> {
  if (bytes.length === 0) throw new ImageRuleError('the image is empty.');
  const format = sniffImageFormat(bytes);
  if (!format) throw new UnsupportedImageFormat('the image is neither PNG nor JPEG.');
  let metadata: Metadata;
  try {
    const image = sharp(bytes, { limitInputPixels: IMAGE_RULES.maxSide * IMAGE_RULES.maxSide, failOn: 'error' });
    metadata = await image.metadata();
    await image.resize(8, 8, { fit: 'fill' }).raw().toBuffer();
  } catch {
    throw new ImageRuleError(`the ${format.toUpperCase()} image cannot be decoded (damaged, truncated, or over ${IMAGE_RULES.maxSide}x${IMAGE_RULES.maxSide} pixels).`);
  }
  const { width = 0, height = 0 } = metadata;
  if (metadata.format !== format) throw new ImageRuleError(`the image content is ${metadata.format}, not ${format}.`);
  if (width < IMAGE_RULES.minSide || height < IMAGE_RULES.minSide || width > IMAGE_RULES.maxSide || height > IMAGE_RULES.maxSide) {
    throw new ImageRuleError(`the image is ${width}x${height}; each side must be ${IMAGE_RULES.minSide} to ${IMAGE_RULES.maxSide} pixels.`);
  }
  return { format, width, height };
}

/**
 * An image's width and height from its first bytes alone, without decoding
 * it: for an image already checked when it was stored. A PNG's are in its
 * first chunk, IHDR, read here (sharp would want every chunk before the
 * pixels, text and colour profiles included); a JPEG's come after its
 * metadata segments, read by sharp. Null when those bytes do not hold the
 * header (a JPEG whose metadata runs past them) or are no PNG or JPEG.
 */
export async function imageSizeFromHead(head: Buffer): Promise<{ width: number; height: number } | null> {
  const format = sniffImageFormat(head);
  if (!format) return null;
  if (format === 'png') {
    // Signature (8), then IHDR's length (4) and type (4), then its width and height (4 each).
    if (head.length < 24 || head.toString('latin1', 12, 16) !== 'IHDR') return null;
    const width = head.readUInt32BE(16);
    const height = head.readUInt32BE(20);
    return width && height ? { width, height } : null;
  }
  try {
    const { width, height } = await sharp(head).metadata();
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}
