import { IMAGE_RULES, LOOKOUT_LIMITS } from '../../lookout/constraints';
import type { DatasetType } from '../store/dataset-store';

/** How much work one dataset import may make the engine do (part of EngineLimits). */
export interface DatasetLimits {
  /** Largest manifest CreateDataset reads, checked on the file before it is read. */
  maxManifestBytes: number;
  /** Most images a train dataset holds, after an import or update. */
  maxTrainImages: number;
  /** Most images a test dataset holds, after an import or update. */
  maxTestImages: number;
  /** Largest image or mask an import reads, checked on the file before it is read. */
  maxImageBytes: number;
  /** How long one read of an object may take (an image whole, a manifest each chunk) before the import fails. */
  objectReadTimeoutMs: number;
}

export const DATASET_LIMIT_DEFAULTS: DatasetLimits = {
  // Room for Lookout's largest manifest: 16,000 entries of its longest, 8,192 characters (131 MB).
  maxManifestBytes: 128 * 1024 * 1024,
  // Lookout's own limits: 16,000 images in a train dataset, 4,000 in a test one.
  maxTrainImages: 16_000,
  maxTestImages: 4_000,
  maxImageBytes: IMAGE_RULES.maxBytes,
  // An 8 MB image takes milliseconds from a local disk; ten seconds means the file is stuck, not slow.
  objectReadTimeoutMs: 10_000,
};

export function maxImagesOf(limits: DatasetLimits, type: DatasetType): number {
  return type === 'train' ? limits.maxTrainImages : limits.maxTestImages;
}

/**
 * The longest manifest line in bytes: Lookout's limit is in characters, and a
 * character takes at most 4 bytes of UTF-8. The line's characters are checked
 * once it is decoded.
 */
export const MAX_MANIFEST_LINE_BYTES = LOOKOUT_LIMITS.maxDatasetEntryChars * 4;
