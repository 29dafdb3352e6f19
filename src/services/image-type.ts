import type { ImageContentType } from './lookout-api';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * The content type of an image from its first bytes. The client's declared
 * MIME type and file name are not trusted: Lookout decodes by content type,
 * and a mislabelled file would fail there with a less helpful error.
 */
export function sniffImageType(bytes: Buffer): ImageContentType | null {
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE)) return 'image/jpeg';
  return null;
}
