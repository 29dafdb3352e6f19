import type { BigIntStats } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import { isStorageFull } from '../store/storage-errors';

/**
 * What S3 keeps beside an object's bytes: its ETag, and the headers it was
 * stored with (Content-Type, Content-Disposition, ..., `x-amz-meta-*`).
 */
export interface ObjectMetadata {
  /** Without quotes. */
  etag: string;
  headers: Record<string, string>;
}

/**
 * Which version of a file a metadata row describes: size, modification time
 * (nanoseconds) and inode. A file changed or replaced by hand no longer
 * matches, so its old ETag and headers are not reported for new bytes.
 */
export function fingerprintOf(stats: BigIntStats): string {
  return `${stats.size}:${stats.mtimeNs}:${stats.ino}`;
}

interface Row {
  fingerprint: string;
  etag: string;
  headers: string;
}

/**
 * The sidecar of the object files, in the engine's SQLite database
 * (`s3_objects`), keyed by bucket and key: listings never see it, and a file
 * placed in the store by hand simply has no row (or a stale one) until its
 * ETag is computed and cached here.
 */
export class ObjectMetadataStore {
  private readonly select: Statement<[string, string], Row>;
  private readonly upsert: Statement<[string, string, string, string, string]>;
  private readonly remove: Statement<[string, string]>;
  private readonly removeBucket: Statement<[string]>;

  constructor(db: Db) {
    this.select = db.prepare('SELECT fingerprint, etag, headers FROM s3_objects WHERE bucket = ? AND key = ?');
    this.upsert = db.prepare(
      `INSERT INTO s3_objects (bucket, key, fingerprint, etag, headers) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (bucket, key) DO UPDATE SET fingerprint = excluded.fingerprint, etag = excluded.etag, headers = excluded.headers`,
    );
    this.remove = db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?');
    this.removeBucket = db.prepare('DELETE FROM s3_objects WHERE bucket = ?');
  }

  /** The metadata of exactly this version of the file, if the engine knows it. */
  get(bucket: string, key: string, fingerprint: string): ObjectMetadata | undefined {
    const row = this.select.get(bucket, key);
    if (!row || row.fingerprint !== fingerprint) return undefined;
    return { etag: row.etag, headers: JSON.parse(row.headers) as Record<string, string> };
  }

  put(bucket: string, key: string, fingerprint: string, metadata: ObjectMetadata): void {
    this.upsert.run(bucket, key, fingerprint, metadata.etag, JSON.stringify(metadata.headers));
  }

  /**
   * Remembers the ETag computed for a file placed by hand. Only a cache: on a
   * full disk it is not kept, and the read that computed it goes on.
   */
  cacheEtag(bucket: string, key: string, fingerprint: string, etag: string): void {
    try {
      this.put(bucket, key, fingerprint, { etag, headers: {} });
    } catch (error) {
      if (!isStorageFull(error)) throw error;
    }
  }

  delete(bucket: string, key: string): void {
    this.remove.run(bucket, key);
  }

  deleteBucket(bucket: string): void {
    this.removeBucket.run(bucket);
  }
}
