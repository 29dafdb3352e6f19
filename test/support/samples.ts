import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The AWS sample images, beside the project as in CI; absent on other machines. */
export const SAMPLES_DIR = resolve(__dirname, '../../../shared/data/lookout-samples');
export const HAVE_SAMPLES = existsSync(join(SAMPLES_DIR, 'cookies', 'train_segmentation.manifest'));
export const SAMPLES_MISSING = `sample data not found at ${SAMPLES_DIR}: these tests need ../shared/data/lookout-samples`;

/** The bucket and prefix the real cookie manifests point at. */
export const COOKIE_BUCKET = 'lookoutvision-us-east-1-0e205be246';

/**
 * Makes the cookie manifests and images visible in an engine's local S3 area
 * (symlinks, not copies), where the manifests' own s3:// URIs resolve.
 */
export function mountCookies(dataDir: string): void {
  const bucket = join(dataDir, 's3', COOKIE_BUCKET, 'getting-started');
  mkdirSync(bucket, { recursive: true });
  for (const name of ['training-images', 'mask-images', 'test-images', 'train_class.manifest', 'train_segmentation.manifest', 'template.manifest']) {
    symlinkSync(join(SAMPLES_DIR, 'cookies', name), join(bucket, name));
  }
}
