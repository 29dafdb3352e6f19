import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** The ETag of an empty object, and so of a folder marker. */
export const EMPTY_ETAG = createHash('md5').digest('hex');

const READ_BYTES = 1024 * 1024;

/**
 * The MD5 of an open file, read from the start up to `size` (what was
 * checked), in 1 MiB reads: the ETag of a file that was placed in the
 * store by hand, computed when first asked for and then cached.
 */
export async function md5OfFile(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('md5');
  const buffer = Buffer.allocUnsafe(Math.min(READ_BYTES, Math.max(size, 1)));
  for (let position = 0; position < size; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('hex');
}

/** S3's ETag of a multipart object: the MD5 of the parts' binary MD5s, then `-` and their count. */
export function multipartEtag(partEtags: string[]): string {
  const hash = createHash('md5');
  for (const etag of partEtags) hash.update(Buffer.from(etag, 'hex'));
  return `${hash.digest('hex')}-${partEtags.length}`;
}
