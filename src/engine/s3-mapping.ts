import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { InvalidInputError } from './engine-errors';

export interface S3Location {
  bucket: string;
  key: string;
}

/**
 * An object `s3://bucket/key` is the file `<data-dir>/s3/<bucket>/<key>`.
 * Manifests, their images and masks, and model evaluation output all live
 * there; the S3 API (s3/) serves the same files.
 */
export class S3Mapping {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 's3');
  }

  /** The local path of an object; refuses keys that would escape the bucket. */
  pathOf(location: S3Location): string {
    const bucketDir = join(this.root, location.bucket);
    const path = resolve(bucketDir, location.key);
    if (!location.bucket || location.bucket.includes('/') || location.bucket.startsWith('.') || !isInside(path, bucketDir)) {
      throw new InvalidInputError(`s3://${location.bucket}/${location.key} is not a valid object location.`);
    }
    return path;
  }

  /**
   * A manifest reference: `s3://bucket/key`, or a path relative to the
   * manifest's own folder (as in Lookout's manifest templates).
   */
  resolveRef(ref: string, manifest: S3Location | undefined): S3Location {
    const uri = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref);
    if (uri) {
      // S3 takes a key literally: "a/../b" names an object of its own, not b, and this store holds no such key (its S3 API refuses one).
      if (uri[2].split('/').some((segment) => segment === '.' || segment === '..')) {
        throw new InvalidInputError(`${ref}: an S3 key is taken literally, and this engine stores no key with a "." or ".." segment.`);
      }
      return { bucket: uri[1], key: uri[2] };
    }
    if (!manifest || /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('/')) throw new InvalidInputError(`${ref} is not an s3:// URI${manifest ? ' nor a relative path' : ''}.`);
    return { bucket: manifest.bucket, key: posix.join(posix.dirname(manifest.key), ref) };
  }

  folderOf(location: S3Location): string {
    return dirname(this.pathOf(location));
  }
}

/** Whether `path` lies strictly under `dir` (both absolute and resolved). */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !rel.includes(`..${sep}`);
}
