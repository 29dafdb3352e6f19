import { webcrypto } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomicAsync } from './atomic-file';

/**
 * Dataset images and masks, copied into the data directory so a dataset does
 * not change when its source folder does. Files are named by their SHA-256:
 * the same image in two datasets is stored once, and a write is idempotent.
 */
export class ImageStore {
  constructor(private readonly dataDir: string) {}

  /**
   * Stores the bytes and returns their path relative to the data directory.
   * Hashing (WebCrypto's digest) and the fsync'd write run on libuv's thread
   * pool, so a stream of 8 MB images does not hold up other requests.
   */
  async put(bytes: Buffer, extension: 'png' | 'jpg'): Promise<string> {
    const hash = Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
    const relative = `images/${hash.slice(0, 2)}/${hash}.${extension}`;
    const path = join(this.dataDir, relative);
    if (!(await exists(path))) await writeFileAtomicAsync(path, bytes);
    return relative;
  }

  /** Deletes stored files no entry refers to any more (run while no import is writing). */
  collectGarbage(referenced: Set<string>): number {
    const root = join(this.dataDir, 'images');
    if (!existsSync(root)) return 0;
    let removed = 0;
    for (const shard of readdirSync(root)) {
      for (const name of readdirSync(join(root, shard))) {
        const relative = `images/${shard}/${name}`;
        if (!referenced.has(relative)) {
          rmSync(join(root, shard, name), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
