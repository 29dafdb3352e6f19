import { LOOKOUT_RULES, satisfies } from '../lookout/constraints';
import type { StorageConfig } from '../services/storage-locations';
import { ConfigError } from '../util/config-values';

/** With the embedded engine: one bucket in its object store, created on first use. */
export const EMBEDDED_STORAGE: StorageConfig = {
  datasetBucket: 'lookout-gateway',
  datasetPrefix: 'datasets/',
  modelOutputBucket: 'lookout-gateway',
  modelOutputPrefix: 'models/',
  createBuckets: true,
};

/**
 * DATASET_BUCKET / DATASET_PREFIX and MODEL_OUTPUT_BUCKET / MODEL_OUTPUT_PREFIX;
 * with the embedded engine they default to EMBEDDED_STORAGE, elsewhere the
 * buckets must be named for uploads and training (queries work without).
 */
export function storageFromEnv(env: NodeJS.ProcessEnv, embedded: boolean): StorageConfig {
  const bucket = (name: string, fallback: string | null) => {
    const value = env[name] || fallback;
    if (value !== null && !satisfies(value, LOOKOUT_RULES.s3Bucket)) throw new ConfigError(`${name} is not an S3 bucket name: "${value}".`);
    return value;
  };
  const prefix = (name: string, fallback: string) => {
    const value = env[name] ?? fallback;
    if (!satisfies(value, LOOKOUT_RULES.s3Prefix) || (value !== '' && !value.endsWith('/'))) throw new ConfigError(`${name} must be an S3 key prefix ending in "/", not "${value}".`);
    return value;
  };
  const datasetBucket = bucket('DATASET_BUCKET', embedded ? EMBEDDED_STORAGE.datasetBucket : null);
  return {
    datasetBucket,
    datasetPrefix: prefix('DATASET_PREFIX', EMBEDDED_STORAGE.datasetPrefix),
    modelOutputBucket: bucket('MODEL_OUTPUT_BUCKET', datasetBucket),
    modelOutputPrefix: prefix('MODEL_OUTPUT_PREFIX', EMBEDDED_STORAGE.modelOutputPrefix),
    // Only the embedded engine's default bucket is the gateway's to make.
    createBuckets: embedded && !env.DATASET_BUCKET,
  };
}
