/** The two image formats Lookout accepts. */
export type ImageFormat = 'png' | 'jpeg';

export const IMAGE_CONTENT_TYPES: Record<ImageFormat, 'image/png' | 'image/jpeg'> = { png: 'image/png', jpeg: 'image/jpeg' };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// SOI followed by the 0xFF of the next marker.
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * An image's format from its first bytes: the one sniffer of the project.
 * Declared MIME types and file names are never trusted; Lookout decodes by
 * content, and a mislabelled file would fail later with a less helpful error.
 * (A signature check, not the `file-type` package: its CommonJS releases are
 * old and these two formats need eleven bytes.)
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PNG_SIGNATURE.length));
  if (head.length >= PNG_SIGNATURE.length && head.equals(PNG_SIGNATURE)) return 'png';
  if (head.length >= JPEG_SIGNATURE.length && head.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE)) return 'jpeg';
  return null;
}
