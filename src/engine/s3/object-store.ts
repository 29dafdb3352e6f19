import type { BigIntStats } from 'node:fs';
import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { isValidBucketName } from './bucket-name';
import { fileRangeStream } from './file-streams';
import { Md5Stage } from './md5-stage';
import { EMPTY_ETAG, md5OfFile } from './object-etag';
import { ObjectFiles, type OpenObject } from './object-files';
import { isFolderKey, isTemporaryName } from './object-key';
import { fingerprintOf, type ObjectMetadata, type ObjectMetadataStore } from './object-metadata';
import type { PayloadDigest, RequestPayload } from './request-payload';
import { S3Error, noSuchBucket } from './s3-error';

/** An object as GetObject and HeadObject describe it; `file` is open for reading unless it is a folder marker. */
export interface ObjectVersion {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
  headers: Record<string, string>;
  file: OpenObject | null;
}

export interface BucketEntry {
  name: string;
  created: Date;
}

/**
 * Buckets and objects of the S3 API over the plain files of `<data>/s3`: a
 * bucket is a directory, an object the file at its key, and what S3 keeps
 * beside the bytes (ETag, Content-Type, `x-amz-meta-*`) is in the SQLite
 * sidecar, keyed by the file's fingerprint. A file put there by any other
 * means (by hand, by a training run) is an object like any other, with its
 * MD5 computed on first use as its ETag.
 */
export class ObjectStore {
  constructor(
    readonly files: ObjectFiles,
    readonly metadata: ObjectMetadataStore,
  ) {}

  /** The directories of `<data>/s3` whose names are bucket names. */
  async listBuckets(): Promise<BucketEntry[]> {
    const root = await this.files.realRoot();
    const entries = await readdir(root, { withFileTypes: true });
    const buckets: BucketEntry[] = [];
    for (const entry of entries) {
      if (!isValidBucketName(entry.name)) continue;
      const stats = await this.files.directoryStats(this.files.bucketPath(entry.name));
      if (stats) buckets.push({ name: entry.name, created: creationDate(stats) });
    }
    return buckets.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return (await this.files.directoryStats(this.files.bucketPath(bucket))) !== null;
  }

  async requireBucket(bucket: string): Promise<void> {
    if (!(await this.bucketExists(bucket))) throw noSuchBucket(bucket);
  }

  async createBucket(bucket: string): Promise<void> {
    await mkdir(this.files.root, { recursive: true });
    await mkdir(this.files.bucketPath(bucket)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      throw new S3Error('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: bucket });
    });
  }

  /** Only an empty bucket goes; temporary files of writes that crashed do not count as objects. */
  async deleteBucket(bucket: string): Promise<void> {
    await this.requireBucket(bucket);
    const path = this.files.bucketPath(bucket);
    const entries = await readdir(path);
    if (entries.some((name) => !isTemporaryName(name))) {
      throw new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket });
    }
    for (const name of entries) await rm(join(path, name), { force: true });
    await rmdir(path);
    this.metadata.deleteBucket(bucket);
  }

  /** Streams an upload into its object (or makes a folder marker), with the headers it is stored with. */
  async put(bucket: string, key: string, payload: RequestPayload, headers: Record<string, string>): Promise<{ etag: string; stats: BigIntStats; checksum?: { algorithm: string; base64: string } }> {
    await this.requireBucket(bucket);
    const path = this.files.objectPath(bucket, key);
    if (isFolderKey(key)) {
      // The body is read and verified all the same; a folder marker holds no bytes.
      await pipeline([payload.source, ...payload.stages, new Writable({ write: (_chunk, _encoding, done) => done() })]);
      if (payload.verify().size > 0) throw new S3Error('InvalidArgument', 400, 'A key ending in / is a folder here and cannot hold bytes.');
      return { etag: EMPTY_ETAG, stats: await this.files.makeFolder(path, key) };
    }
    let digest: PayloadDigest | undefined;
    const stats = await this.files.writeAtomic(path, key, payload.source, payload.stages, (written) => {
      digest = payload.verify();
      // Before the rename: if the sidecar cannot be written (a full disk), the old object stays as it was.
      this.metadata.put(bucket, key, fingerprintOf(written), { etag: digest.md5.toString('hex'), headers });
    });
    return { etag: digest!.md5.toString('hex'), stats, checksum: digest!.checksum };
  }

  /**
   * The object at a key, open for reading: its file checked and opened
   * (object-files.ts), its metadata if the engine stored this version,
   * otherwise its MD5 computed now. The caller closes `file`.
   */
  async open(bucket: string, key: string): Promise<ObjectVersion> {
    await this.requireBucket(bucket);
    const path = this.files.objectPath(bucket, key);
    if (isFolderKey(key)) {
      const stats = await this.files.directoryStats(path);
      if (!stats) throw new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });
      return { key, size: 0, lastModified: new Date(Number(stats.mtimeMs)), etag: EMPTY_ETAG, headers: {}, file: null };
    }
    const file = await this.files.openRegular(path, key);
    try {
      const metadata = await this.metadataOf(bucket, key, file);
      return { key, size: Number(file.stats.size), lastModified: new Date(Number(file.stats.mtimeMs)), etag: metadata.etag, headers: metadata.headers, file };
    } catch (error) {
      await file.handle.close();
      throw error;
    }
  }

  /** The ETag of a listed object, computing (and caching) it for a file the engine did not write. */
  async etagOf(bucket: string, key: string, stats: BigIntStats): Promise<string> {
    if (isFolderKey(key)) return EMPTY_ETAG;
    const known = this.metadata.get(bucket, key, fingerprintOf(stats));
    if (known) return known.etag;
    const file = await this.files.openRegular(this.files.objectPath(bucket, key), key);
    try {
      return (await this.metadataOf(bucket, key, file)).etag;
    } finally {
      await file.handle.close();
    }
  }

  async delete(bucket: string, key: string): Promise<void> {
    await this.requireBucket(bucket);
    await this.files.remove(bucket, key);
    this.metadata.delete(bucket, key);
  }

  /**
   * Copies an object's bytes into another key (atomically, streaming, its MD5
   * computed on the way), with the source's headers or `replaceHeaders`.
   */
  async copy(source: ObjectVersion, bucket: string, key: string, replaceHeaders: Record<string, string> | null): Promise<{ etag: string; stats: BigIntStats }> {
    await this.requireBucket(bucket);
    const path = this.files.objectPath(bucket, key);
    if (isFolderKey(key)) {
      if (source.size > 0) throw new S3Error('InvalidArgument', 400, 'A key ending in / is a folder here and cannot hold bytes.');
      return { etag: EMPTY_ETAG, stats: await this.files.makeFolder(path, key) };
    }
    const md5 = new Md5Stage();
    // `end` holds the copy to the size that was checked, should the file grow meanwhile.
    const body = source.file && source.size > 0 ? fileRangeStream(source.file.handle, 0, source.size - 1) : Readable.from([]);
    let etag = '';
    const stats = await this.files.writeAtomic(path, key, body, [md5], (written) => {
      etag = md5.hex();
      this.metadata.put(bucket, key, fingerprintOf(written), { etag, headers: replaceHeaders ?? source.headers });
    });
    return { etag, stats };
  }

  private async metadataOf(bucket: string, key: string, file: OpenObject): Promise<ObjectMetadata> {
    const fingerprint = fingerprintOf(file.stats);
    const known = this.metadata.get(bucket, key, fingerprint);
    if (known) return known;
    const etag = await md5OfFile(file.handle, Number(file.stats.size));
    this.metadata.cacheEtag(bucket, key, fingerprint, etag);
    return { etag, headers: {} };
  }
}

/** When the file system keeps no birth time, the directory's last change stands in for the bucket's creation. */
function creationDate(stats: BigIntStats): Date {
  return new Date(Number(stats.birthtimeMs > 0n ? stats.birthtimeMs : stats.mtimeMs));
}
