import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import { commitStream, openTemporarySibling } from './atomic-stream-write';
import type { ObjectFiles } from './object-files';
import { multipartEtag } from './object-etag';
import { fingerprintOf, type ObjectMetadataStore } from './object-metadata';
import { ABANDONED_UPLOAD_AGE_SECONDS, MIN_PART_BYTES, type S3Limits } from './s3-limits';
import { S3Error, invalidArgument, noSuchUpload, slowDown } from './s3-error';

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  headers: string;
  created_at: number;
}

export interface PartRow {
  part_number: number;
  etag: string;
  size: number;
}

/** The stream of a part's bytes and what to check before it is kept. */
export interface PartBody {
  source: Readable;
  stages: Transform[];
  /** Checks the body's digests; returns its MD5 (hex) and size. */
  verify(): { md5: string; size: number };
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{32}$/;

/**
 * Multipart uploads: the upload and its parts' ETags in SQLite
 * (`s3_uploads`, `s3_upload_parts`), each part's bytes in a file of
 * `<data>/s3-uploads/<upload id>/`, outside the buckets so listings never
 * see them. CompleteMultipartUpload checks the parts the client names
 * against those stored, then streams them in order into the object's file,
 * written atomically like any other; its ETag is S3's `md5-of-md5s-N`.
 */
export class MultipartUploads {
  private readonly completing = new Set<string>();
  private readonly statements: {
    find: Statement<[string], UploadRow>;
    insert: Statement<[string, string, string, string, number]>;
    count: Statement<[], { n: number }>;
    parts: Statement<[string], PartRow>;
    upsertPart: Statement<[string, number, string, number]>;
    remove: Statement<[string]>;
    olderThan: Statement<[number], { upload_id: string }>;
    all: Statement<[], { upload_id: string }>;
    inBucket: Statement<[string, string], UploadRow>;
  };

  constructor(
    db: Db,
    readonly dir: string,
    private readonly files: ObjectFiles,
    private readonly metadata: ObjectMetadataStore,
    private readonly limits: S3Limits,
    private readonly now: () => number,
  ) {
    this.statements = {
      find: db.prepare('SELECT * FROM s3_uploads WHERE upload_id = ?'),
      insert: db.prepare('INSERT INTO s3_uploads (upload_id, bucket, key, headers, created_at) VALUES (?, ?, ?, ?, ?)'),
      count: db.prepare('SELECT COUNT(*) AS n FROM s3_uploads'),
      parts: db.prepare('SELECT part_number, etag, size FROM s3_upload_parts WHERE upload_id = ? ORDER BY part_number'),
      upsertPart: db.prepare(
        `INSERT INTO s3_upload_parts (upload_id, part_number, etag, size) VALUES (?, ?, ?, ?)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET etag = excluded.etag, size = excluded.size`,
      ),
      remove: db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?'),
      olderThan: db.prepare('SELECT upload_id FROM s3_uploads WHERE created_at < ?'),
      all: db.prepare('SELECT upload_id FROM s3_uploads'),
      inBucket: db.prepare('SELECT * FROM s3_uploads WHERE bucket = ? AND key >= ? ORDER BY key, upload_id'),
    };
  }

  /** Begins an upload; past `maxOpenUploads` open ones, SlowDown until some complete or are aborted. */
  async create(bucket: string, key: string, headers: Record<string, string>): Promise<string> {
    this.files.objectPath(bucket, key); // a key the store cannot hold is refused now, not after the parts
    if (this.statements.count.get()!.n >= this.limits.maxOpenUploads) {
      throw slowDown(`There are ${this.limits.maxOpenUploads} multipart uploads in progress (maxOpenUploads); complete or abort some first.`);
    }
    const uploadId = randomBytes(24).toString('base64url');
    await mkdir(join(this.dir, uploadId), { recursive: true });
    this.statements.insert.run(uploadId, bucket, key, JSON.stringify(headers), this.now());
    return uploadId;
  }

  /** The upload named by the request, or NoSuchUpload (also for another bucket's or key's upload id). */
  find(uploadId: string, bucket: string, key: string): UploadRow {
    const row = UPLOAD_ID.test(uploadId) ? this.statements.find.get(uploadId) : undefined;
    if (!row || row.bucket !== bucket || row.key !== key || this.completing.has(uploadId)) throw noSuchUpload(uploadId);
    return row;
  }

  checkPartNumber(raw: string | null): number {
    const partNumber = Number(raw);
    if (!/^\d{1,5}$/.test(raw ?? '') || partNumber < 1 || partNumber > this.limits.maxUploadParts) {
      throw invalidArgument(`Part number must be an integer between 1 and ${this.limits.maxUploadParts}, inclusive`, 'partNumber', raw ?? '');
    }
    return partNumber;
  }

  /** Stores one part (replacing one of the same number), atomically; returns its ETag. */
  async uploadPart(upload: UploadRow, partNumber: number, body: PartBody): Promise<string> {
    const path = join(this.dir, upload.upload_id, String(partNumber));
    let verified: { md5: string; size: number } | undefined;
    const temporary = await openTemporarySibling(path).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? noSuchUpload(upload.upload_id) : error;
    });
    await commitStream(temporary, path, body.source, body.stages, () => {
      verified = body.verify();
    });
    // An abort while the part streamed in took the upload away: what was written goes with it.
    if (!this.statements.find.get(upload.upload_id)) {
      await rm(path, { force: true });
      throw noSuchUpload(upload.upload_id);
    }
    this.statements.upsertPart.run(upload.upload_id, partNumber, verified!.md5, verified!.size);
    return verified!.md5;
  }

  parts(uploadId: string): PartRow[] {
    return this.statements.parts.all(uploadId);
  }

  /**
   * Assembles the object from the parts the client lists, checked as S3
   * checks them: in ascending order, each one stored with that ETag, each
   * but the last at least 5 MiB. Then the upload is gone.
   */
  async complete(upload: UploadRow, requested: { partNumber: number; etag: string }[]): Promise<{ etag: string }> {
    if (requested.length === 0) throw new S3Error('MalformedXML', 400, 'You must specify at least one part.');
    const stored = new Map(this.parts(upload.upload_id).map((p) => [p.part_number, p]));
    const chosen: PartRow[] = [];
    requested.forEach(({ partNumber, etag }, i) => {
      if (i > 0 && partNumber <= requested[i - 1].partNumber) {
        throw new S3Error('InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.', { UploadId: upload.upload_id });
      }
      const part = stored.get(partNumber);
      if (!part || part.etag !== etag.replace(/^"|"$/g, '')) {
        throw new S3Error('InvalidPart', 400, "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", {
          UploadId: upload.upload_id,
          PartNumber: partNumber,
        });
      }
      chosen.push(part);
    });
    chosen.slice(0, -1).forEach((part) => {
      if (part.size < MIN_PART_BYTES) {
        throw new S3Error('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.', {
          ProposedSize: part.size,
          MinSizeAllowed: MIN_PART_BYTES,
          PartNumber: part.part_number,
        });
      }
    });
    this.completing.add(upload.upload_id);
    try {
      const partsDir = join(this.dir, upload.upload_id);
      const bytes = Readable.from(concatenate(chosen.map((p) => join(partsDir, String(p.part_number)))));
      const etag = multipartEtag(chosen.map((p) => p.etag));
      const headers = JSON.parse(upload.headers) as Record<string, string>;
      await this.files.writeAtomic(this.files.objectPath(upload.bucket, upload.key), upload.key, bytes, [], (written) => {
        this.metadata.put(upload.bucket, upload.key, fingerprintOf(written), { etag, headers });
      });
      this.statements.remove.run(upload.upload_id);
      await rm(partsDir, { recursive: true, force: true });
      return { etag };
    } finally {
      this.completing.delete(upload.upload_id);
    }
  }

  async abort(upload: UploadRow): Promise<void> {
    this.statements.remove.run(upload.upload_id);
    await rm(join(this.dir, upload.upload_id), { recursive: true, force: true });
  }

  /** Uploads in progress in a bucket, by key then id, from a key on. */
  inBucket(bucket: string, fromKey: string): UploadRow[] {
    return this.statements.inBucket.all(bucket, fromKey);
  }

  /**
   * At start-up: uploads begun more than a day ago are abandoned (a client
   * that died mid-way), and part folders with no upload (a crash between
   * the two writes) are leftovers; both go, with their disk space.
   */
  async removeAbandoned(): Promise<number> {
    const stale = this.statements.olderThan.all(this.now() - ABANDONED_UPLOAD_AGE_SECONDS);
    for (const { upload_id } of stale) {
      this.statements.remove.run(upload_id);
      await rm(join(this.dir, upload_id), { recursive: true, force: true });
    }
    const known = new Set(this.statements.all.all().map((r) => r.upload_id));
    const folders = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of folders) if (!known.has(name)) await rm(join(this.dir, name), { recursive: true, force: true });
    return stale.length;
  }
}

async function* concatenate(paths: string[]): AsyncGenerator<Buffer> {
  for (const path of paths) {
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
  }
}
