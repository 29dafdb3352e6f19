import { constants, type BigIntStats } from 'node:fs';
import { mkdir, open, realpath, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { isInside } from '../s3-mapping';
import { commitStream, openTemporarySibling, type TemporaryFile } from './atomic-stream-write';
import { keySegments } from './object-key';
import { accessDenied, invalidArgument, noSuchKey } from './s3-error';

/** As in datasets/object-reader.ts: a path that became a FIFO or a link after the checks neither blocks nor is followed. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/** An object's file, open for reading, and what `stat` said of it when it was checked. */
export interface OpenObject {
  handle: FileHandle;
  stats: BigIntStats;
}

/**
 * The files behind the S3 API, `<data>/s3/<bucket>/<key>`, with the rules of
 * object-reader.ts for every access: a path is used only if it resolves
 * (through any symbolic links) inside the store; only regular files are
 * objects; writes go to a temporary sibling, are fsynced and renamed into
 * place, so an object is always whole or absent.
 */
export class ObjectFiles {
  constructor(readonly root: string) {}

  bucketPath(bucket: string): string {
    return join(this.root, bucket);
  }

  /** The file of a key; the key's segments are checked first (object-key.ts). */
  objectPath(bucket: string, key: string): string {
    return join(this.root, bucket, ...keySegments(key));
  }

  private resolvedRoot: Promise<string> | undefined;

  /** The store's own directory, resolved once: what every resolved path must lie inside. */
  realRoot(): Promise<string> {
    this.resolvedRoot ??= mkdir(this.root, { recursive: true }).then(() => realpath(this.root));
    // A failure (a full disk at start-up) is not remembered: the next call tries again.
    this.resolvedRoot.catch(() => (this.resolvedRoot = undefined));
    return this.resolvedRoot;
  }

  /**
   * Opens an object's regular file for reading: NoSuchKey when there is none
   * (a FIFO, socket, device or directory is not an object), AccessDenied
   * when the path leads outside the store.
   */
  async openRegular(path: string, key: string): Promise<OpenObject> {
    const real = await realpath(path).catch((error: unknown) => missingAsNoSuchKey(error, key));
    if (!isInside(real, await this.realRoot())) throw leadsOutside(key);
    const checked = await stat(real, { bigint: true }).catch((error: unknown) => missingAsNoSuchKey(error, key));
    if (!checked.isFile()) throw noSuchKey(key);
    const handle = await open(real, OPEN_FLAGS).catch((error: unknown) => missingAsNoSuchKey(error, key));
    try {
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile() || stats.ino !== checked.ino || stats.dev !== checked.dev) throw noSuchKey(key);
      return { handle, stats };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** A directory's status when it resolves inside the store, or null when absent (or not a directory). */
  async directoryStats(path: string): Promise<BigIntStats | null> {
    const real = await realpath(path).catch(() => null);
    if (real === null || !isInside(real, await this.realRoot())) return null;
    const stats = await stat(real, { bigint: true }).catch(() => null);
    return stats?.isDirectory() ? stats : null;
  }

  /**
   * Streams a body into the object's file atomically (atomic-stream-write.ts),
   * its folders made first, inside the store only.
   */
  async writeAtomic(path: string, key: string, source: Readable, stages: Transform[], beforeCommit: (stats: BigIntStats) => void): Promise<BigIntStats> {
    const temporary = await this.createTemporary(path, key);
    return commitStream(temporary, path, source, stages, beforeCommit, (error) => (isFolderInTheWay(error) ? folderInTheWay(key) : error));
  }

  /** A folder marker (`photos/`): its directory. */
  async makeFolder(path: string, key: string): Promise<BigIntStats> {
    await this.prepareDirectory(dirname(path), key);
    await mkdir(path).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
    const stats = await this.directoryStats(path);
    if (!stats) throw objectInTheWay(key);
    return stats;
  }

  /**
   * Removes an object's file (or an empty folder marker), then the folders
   * it leaves empty up to the bucket, so a deleted key's prefix disappears
   * from listings as it does in S3. A missing object is no error.
   */
  async remove(bucket: string, key: string): Promise<void> {
    const path = this.objectPath(bucket, key);
    const parent = await realpath(dirname(path)).catch(() => null);
    if (parent === null) return;
    if (!isInside(parent, await this.realRoot())) throw leadsOutside(key);
    const removal = key.endsWith('/') ? rmdir(path) : unlink(path);
    await removal.catch((error: unknown) => {
      // A missing key, a folder under a plain key (EISDIR), a folder with objects left in it: nothing to remove.
      if (!['ENOENT', 'ENOTDIR', 'EISDIR', 'EPERM', 'ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    });
    await this.pruneEmptyFolders(dirname(path), this.bucketPath(bucket));
  }

  private async pruneEmptyFolders(from: string, bucketDir: string): Promise<void> {
    for (let dir = from; dir !== bucketDir && dir.startsWith(bucketDir); dir = dirname(dir)) {
      const removed = await rmdir(dir).then(
        () => true,
        () => false,
      );
      if (!removed) return;
    }
  }

  /** Opens a new temporary sibling of `path`, its folders made first (inside the store only). */
  private async createTemporary(path: string, key: string): Promise<TemporaryFile> {
    // A concurrent delete may prune the folder between making it and opening the file in it: make it again.
    for (let attempt = 0; ; attempt++) {
      await this.prepareDirectory(dirname(path), key);
      try {
        return await openTemporarySibling(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw error;
      }
    }
  }

  /**
   * Makes the folders of a key, after checking that the deepest one that
   * already exists resolves inside the store: a key may not create folders,
   * let alone files, through a link that leads out of it.
   */
  private async prepareDirectory(dir: string, key: string): Promise<void> {
    const root = await this.realRoot();
    let existing = dir;
    for (;;) {
      const found = await stat(existing).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        if (error.code === 'ENOTDIR') throw objectInTheWay(key);
        throw error;
      });
      if (found) {
        if (!found.isDirectory()) throw objectInTheWay(key);
        break;
      }
      existing = dirname(existing);
    }
    if (!isInside(await realpath(existing), root)) throw leadsOutside(key);
    if (existing === dir) return;
    await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOTDIR' || error.code === 'EEXIST' ? objectInTheWay(key) : error;
    });
    if (!isInside(await realpath(dir), root)) throw leadsOutside(key);
  }
}

function missingAsNoSuchKey(error: unknown, key: string): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG') throw noSuchKey(key);
  if (code === 'EACCES' || code === 'EPERM') throw accessDenied(`The object ${key.slice(0, 200)} cannot be read: permission denied.`);
  throw error;
}

function isFolderInTheWay(error: unknown): boolean {
  return ['EISDIR', 'ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '');
}

const leadsOutside = (key: string) => accessDenied(`The key ${key.slice(0, 200)} leads through a symbolic link outside the object store.`);

/** Files cannot be both: S3 keys `a` and `a/b` cannot exist together in this store. */
const objectInTheWay = (key: string) =>
  invalidArgument(`The key ${key.slice(0, 200)} continues below another object's key; in this file-backed store a key cannot also be a folder of others.`, 'key');
const folderInTheWay = (key: string) =>
  invalidArgument(`The key ${key.slice(0, 200)} is a folder of other objects; in this file-backed store it cannot also be an object.`, 'key');

