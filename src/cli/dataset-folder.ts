import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ConfigError } from '../util/config-values';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** One image of a dataset folder, with its label and, for an anomaly, its mask if the folder has one. */
export interface FolderImage {
  path: string;
  label: 'NORMAL' | 'ANOMALY';
  mask?: string;
}

/**
 * The images of a dataset folder laid out as the Lookout console took them:
 * `normal/` and `anomaly/` (PNG or JPEG), and optionally `mask/` with a PNG
 * per anomaly image of the same base name. Normal images first, each group
 * in name order, so an import is repeatable.
 */
export function readDatasetFolder(folder: string): { images: FolderImage[]; strayMasks: string[] } {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new ConfigError(`${folder} is not a directory.`);
  const list = (sub: string) => {
    const dir = join(folder, sub);
    return existsSync(dir) ? readdirSync(dir).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort() : [];
  };
  const masks = new Map(list('mask').map((f) => [basename(f, extname(f)), f]));
  const images: FolderImage[] = list('normal').map((f) => ({ path: join(folder, 'normal', f), label: 'NORMAL' }));
  for (const f of list('anomaly')) {
    const mask = masks.get(basename(f, extname(f)));
    masks.delete(basename(f, extname(f)));
    images.push({ path: join(folder, 'anomaly', f), label: 'ANOMALY', mask: mask === undefined ? undefined : join(folder, 'mask', mask) });
  }
  if (images.length === 0) throw new ConfigError(`${folder} has no images under normal/ or anomaly/.`);
  return { images, strayMasks: [...masks.values()] };
}

/**
 * The images in batches of at most `maxImages` and, but for a single image
 * larger than that, `maxBytes` of files (an image and its mask).
 */
export function batches(images: readonly FolderImage[], maxImages: number, maxBytes: number): FolderImage[][] {
  const out: FolderImage[][] = [];
  let current: FolderImage[] = [];
  let bytes = 0;
  for (const image of images) {
    const size = statSync(image.path).size + (image.mask ? statSync(image.mask).size : 0);
    if (current.length > 0 && (current.length >= maxImages || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(image);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
