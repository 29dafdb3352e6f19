import { S3Error, invalidArgument } from './s3-error';

/** S3's limit on a key: 1,024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;
/** A file name's limit on Linux (NAME_MAX): one path segment of a key. */
const MAX_SEGMENT_BYTES = 255;

/**
 * The temporary siblings of atomic writes (here and in store/atomic-file.ts):
 * `.tmp-<pid>-<12 hex>`. Listings hide them, and no key may name one.
 */
const TEMPORARY_NAME = /^\.tmp-\d+-[0-9a-f]{12}$/;

export function isTemporaryName(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}

/**
 * An object is the file at its key below the bucket's directory, so a key
 * must be a relative path that stays there, segment by segment: no `.` or
 * `..` segment, no empty one (`a//b`, a leading `/`), no NUL. A trailing `/`
 * is S3's folder marker, kept as a directory. Returns the path segments.
 */
export function keySegments(key: string): string[] {
  if (key === '') throw invalidArgument('An object key must not be empty.', 'key', key);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError', 400, 'Your key is too long', { MaxSizeAllowed: MAX_KEY_BYTES });
  const refuse = (why: string) => invalidArgument(`The key ${JSON.stringify(key.slice(0, 200))} ${why}; objects are files of the engine's store.`, 'key');
  if (key.includes('\0')) throw refuse('contains a NUL character');
  const segments = key.endsWith('/') ? key.slice(0, -1).split('/') : key.split('/');
  for (const segment of segments) {
    if (segment === '' ) throw refuse('has an empty path segment');
    if (segment === '.' || segment === '..') throw refuse(`has a "${segment}" path segment`);
    if (isTemporaryName(segment)) throw refuse('names a temporary file of the store');
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) throw new S3Error('KeyTooLongError', 400, `Your key is too long: a path segment may have at most ${MAX_SEGMENT_BYTES} bytes here.`);
  }
  return segments;
}

/** Whether a key names a folder marker (`photos/`), stored as a directory. */
export function isFolderKey(key: string): boolean {
  return key.endsWith('/');
}
