import { randomBytes } from 'node:crypto';
import { constants, type BigIntStats } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileSink } from './file-streams';

/** A temporary file beside its target, named as store/atomic-file.ts names them (listings hide the pattern). */
export interface TemporaryFile {
  temp: string;
  handle: FileHandle;
}

/** Creates a new temporary sibling of `path`; never opens an existing file, nor a link. */
export async function openTemporarySibling(path: string): Promise<TemporaryFile> {
  const temp = join(dirname(path), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  return { temp, handle };
}

/**
 * The streaming form of store/atomic-file.ts: the body flows through `stages`
 * into the temporary file (never held whole) and is fsynced; `beforeCommit`
 * then gets the file's status and may still refuse it (a digest that does
 * not match) or record it (the rename keeps its inode, size and mtime, so a
 * sidecar row written now describes the object); then rename over `path`,
 * fsync of the directory. Whatever fails before the rename, the temporary
 * file goes and the old object stays; a crash leaves at worst a hidden
 * temporary file, never a partial object.
 */
export async function commitStream(
  { temp, handle }: TemporaryFile,
  path: string,
  source: Readable,
  stages: Transform[],
  beforeCommit: (stats: BigIntStats) => void,
  renameError: (error: unknown) => unknown = (error) => error,
): Promise<BigIntStats> {
  let stats: BigIntStats;
  try {
    try {
      await pipeline([source, ...stages, fileSink(handle)]);
      await handle.sync();
      stats = await handle.stat({ bigint: true });
      beforeCommit(stats);
    } finally {
      await handle.close();
    }
    await rename(temp, path).catch((error: unknown) => {
      throw renameError(error);
    });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return stats;
}
