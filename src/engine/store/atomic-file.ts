import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/*
 * A file written so that after a crash it is either absent or whole: write a
 * temporary sibling, fsync it, rename it into place, fsync the directory.
 * writeFileSync / FileHandle.writeFile loop until every byte is written, so a
 * short write on a nearly full disk cannot leave a truncated file; and a
 * failed write removes its temporary copy, which would otherwise hold the
 * very space the disk lacks until the next start's garbage collection.
 */

/** For start-up and small files: blocks the event loop while it fsyncs. */
export function writeFileAtomic(path: string, data: Buffer | string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = temporarySibling(dir);
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** The same, with every write and fsync on libuv's thread pool: for request paths and imports. */
export async function writeFileAtomicAsync(path: string, data: Buffer | string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = temporarySibling(dir);
  try {
    const file = await open(temp, 'w', 0o644);
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

function temporarySibling(dir: string): string {
  return join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}
