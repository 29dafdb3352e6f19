import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The AWS sample images, beside the project as in CI; absent on other machines. */
export const SAMPLES_DIR = resolve(__dirname, '../../../shared/data/lookout-samples');
export const HAVE_SAMPLES = existsSync(join(SAMPLES_DIR, 'cookies', 'train_segmentation.manifest'));
export const SAMPLES_MISSING = `sample data not found at ${SAMPLES_DIR}: these tests need ../shared/data/lookout-samples`;

/** The bucket and prefix the real cookie manifests point at. */
export const COOKIE_BUCKET = 'lookoutvision-us-east-1-0e205be246';

/**
 * Puts the cookie manifests and images into an engine's local S3 area, where
 * the manifests' own s3:// URIs resolve. Hard links where the samples share a
 * file system with the data directory (instant, no space), copies otherwise.
 * Not symbolic links: the engine refuses those that lead outside its store.
 */
export function mountCookies(dataDir: string): void {
  const bucket = join(dataDir, 's3', COOKIE_BUCKET, 'getting-started');
  mkdirSync(bucket, { recursive: true });
  for (const name of ['training-images', 'mask-images', 'test-images', 'train_class.manifest', 'train_segmentation.manifest', 'template.manifest']) {
    linkOrCopy(join(SAMPLES_DIR, 'cookies', name), join(bucket, name));
  }
}

function linkOrCopy(source: string, target: string): void {
  if (statSync(source).isDirectory()) {
    mkdirSync(target, { recursive: true });
    for (const name of readdirSync(source)) linkOrCopy(join(source, name), join(target, name));
    return;
  }
  try {
    linkSync(source, target);
  } catch (error) {
    // Another file system (EXDEV) or no right to link someone else's file (EPERM): copy instead.
    if (!['EXDEV', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    cpSync(source, target);
  }
}
