import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isInside, type S3Location, type S3Mapping } from '../s3-mapping';
import { withDeadline } from './deadline';
import { ImportError } from './import-error';

/**
 * O_NONBLOCK: should the path become a FIFO or a device between the checks and
 * the open, the open still returns at once instead of waiting for a writer.
 * O_NOFOLLOW: nor may its last component become a symbolic link meanwhile.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

const CHUNK_BYTES = 64 * 1024;

/** A size limit and the EngineLimits field that sets it, for the message. */
export interface ByteLimit {
  bytes: number;
  name: string;
}

/**
 * Reads objects of the local S3 area for an import, and refuses, before
 * reading a byte, whatever could hang or swamp the engine:
 *
 * - anything but a regular file (a FIFO would block a read forever, a device
 *   or a directory is no object);
 * - a path that resolves (through symbolic links) outside `<data>/s3`; a link
 *   that stays inside it is followed, as it exposes nothing new;
 * - a file over the size limit, from its metadata, so a 1.5 GB file costs a
 *   stat, not 1.5 GB of memory.
 *
 * Every read has a deadline (objectReadTimeoutMs): a whole image, or each
 * chunk of a manifest, which is streamed and never held whole.
 */
export class ObjectReader {
  constructor(
    private readonly s3: S3Mapping,
    private readonly timeoutMs: number,
  ) {}

  /** The whole object, within the deadline. */
  async read(location: S3Location, limit: ByteLimit): Promise<Buffer> {
    return this.withinDeadline(location, this.readWhole(location, limit));
  }

  /** The object as chunks of at most 64 KiB, each read within the deadline. */
  async *chunks(location: S3Location, limit: ByteLimit): AsyncGenerator<Buffer> {
    const { handle, size } = await this.withinDeadline(location, this.open(location, limit));
    if (size === 0) {
      await handle.close();
      return;
    }
    // `end` holds the stream to the size that was checked, should the file grow meanwhile.
    const stream = handle.createReadStream({ start: 0, end: size - 1, highWaterMark: CHUNK_BYTES });
    const reads = stream[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.withinDeadline(location, reads.next());
        if (next.done) return;
        yield next.value as Buffer;
      }
    } finally {
      // Not awaited: closing waits for a read in progress, which may be the stuck one.
      stream.destroy();
    }
  }

  private async readWhole(location: S3Location, limit: ByteLimit): Promise<Buffer> {
    const { handle, size, uri } = await this.open(location, limit);
    try {
      // One byte more than was checked: if it can be read, the file grew after the check.
      const buffer = Buffer.allocUnsafe(size + 1);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled > size) throw new ImportError(`${uri} grew while it was being read.`);
      return buffer.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }

  private async open(location: S3Location, limit: ByteLimit): Promise<{ handle: FileHandle; size: number; uri: string }> {
    const uri = `s3://${location.bucket}/${location.key}`;
    const path = this.s3.pathOf(location);
    const real = await realpath(path).catch((error: unknown) => refuseUnreadable(uri, error));
    const root = await realpath(this.s3.root).catch((error: unknown) => refuseUnreadable(uri, error));
    if (!isInside(real, root)) throw new ImportError(`${uri} is a symbolic link to a file outside the object store.`);
    const checked = await stat(real).catch((error: unknown) => refuseUnreadable(uri, error));
    refuseUnfit(uri, checked, limit);
    const handle = await open(real, OPEN_FLAGS).catch((error: unknown) => refuseUnreadable(uri, error));
    try {
      const opened = await handle.stat();
      if (opened.ino !== checked.ino || opened.dev !== checked.dev) throw new ImportError(`${uri} was replaced while it was being opened.`);
      refuseUnfit(uri, opened, limit);
      return { handle, size: opened.size, uri };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private withinDeadline<T>(location: S3Location, work: Promise<T>): Promise<T> {
    return withDeadline(
      work,
      this.timeoutMs,
      () => new ImportError(`s3://${location.bucket}/${location.key} could not be read within ${this.timeoutMs} ms (objectReadTimeoutMs).`),
    );
  }
}

function refuseUnfit(uri: string, stats: Stats, limit: ByteLimit): void {
  if (!stats.isFile()) throw new ImportError(`${uri} is ${kindOf(stats)}, not a regular file.`);
  if (stats.size > limit.bytes) throw new ImportError(`${uri} is ${stats.size} bytes, over the limit of ${limit.bytes} bytes (${limit.name}).`);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** The user's side of a failed lookup or open; anything else (EIO, ...) is the engine's and goes on up. */
function refuseUnreadable(uri: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') throw new ImportError(`${uri} does not exist.`);
  if (code === 'ELOOP') throw new ImportError(`${uri} is a symbolic link that cannot be resolved (a loop, or a link where none may be).`);
  if (code === 'EACCES' || code === 'EPERM') throw new ImportError(`${uri} cannot be read: permission denied.`);
  throw error;
}
