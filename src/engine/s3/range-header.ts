import { S3Error } from './s3-error';

/** Bytes `start` to `end`, both included. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * GetObject's `Range: bytes=a-b`, `bytes=a-` or `bytes=-n` for an object of
 * `size` bytes. Null for no range, or one to ignore as HTTP says (malformed,
 * or several ranges, which S3 does not serve either): the whole object then.
 * A range that starts past the end is InvalidRange (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw invalidRange(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return null;
  if (start >= size) throw invalidRange(size);
  return { start, end };
}

const invalidRange = (size: number) =>
  new S3Error('InvalidRange', 416, 'The requested range is not satisfiable', { ActualObjectSize: size }, { 'content-range': `bytes */${size}` });
