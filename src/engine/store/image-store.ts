import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

/**
 * Dataset images and masks, copied into the data directory so a dataset does
 * not change when its source folder does. Files are named by their SHA-256:
 * the same image in two datasets is stored once, and a write is idempotent.
 */
export class ImageStore {
  constructor(private readonly dataDir: string) {}

  put(bytes: Buffer, extension: 'png' | 'jpg'): string {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const relative = `images/${hash.slice(0, 2)}/${hash}.${extension}`;
    const path = join(this.dataDir, relative);
    if (!existsSync(path)) writeFileAtomic(path, bytes);
    return relative;
  }

  read(relative: string): Buffer {
    return readFileSync(join(this.dataDir, relative));
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
