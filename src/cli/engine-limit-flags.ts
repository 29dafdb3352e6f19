import type { EngineLimits } from '../engine/engine-context';
import { integer } from '../util/config-values';

type LimitFlag = { limit: keyof EngineLimits; min: number; max: number; help: string };

/** Every engine limit as a command-line flag; defaults are in the engine (docs/engine.md). */
export const ENGINE_LIMIT_FLAGS: Record<string, LimitFlag> = {
  'max-projects': { limit: 'maxProjects', min: 1, max: 1_000_000, help: 'projects in all (Lookout: 100)' },
  'max-inference-units': { limit: 'maxInferenceUnits', min: 1, max: 1024, help: 'MaxInferenceUnits of one model' },
  'max-total-inference-units': { limit: 'maxTotalInferenceUnits', min: 1, max: 4096, help: 'inference units of all hosted models together' },
  'max-concurrent-trainings': { limit: 'maxConcurrentTrainings', min: 1, max: 64, help: 'trainings at once; later ones wait in TRAINING' },
  'detection-queue-timeout-ms': { limit: 'detectionQueueTimeoutMs', min: 1, max: 600_000, help: 'longest wait of a detection for a unit' },
  'max-manifest-bytes': { limit: 'maxManifestBytes', min: 1, max: 2 ** 40, help: 'largest manifest CreateDataset reads' },
  'max-train-images': { limit: 'maxTrainImages', min: 1, max: 10_000_000, help: 'images of a train dataset (Lookout: 16000)' },
  'max-test-images': { limit: 'maxTestImages', min: 1, max: 10_000_000, help: 'images of a test dataset (Lookout: 4000)' },
  'max-image-bytes': { limit: 'maxImageBytes', min: 1, max: 2 ** 30, help: 'largest image or mask an import reads' },
  'object-read-timeout-ms': { limit: 'objectReadTimeoutMs', min: 1, max: 3_600_000, help: 'longest read of one object by an import' },
  'max-object-bytes': { limit: 'maxObjectBytes', min: 1, max: 2 ** 50, help: 'largest S3 PutObject or CopyObject (S3: 5 GiB)' },
  'max-part-bytes': { limit: 'maxPartBytes', min: 1, max: 2 ** 50, help: 'largest part of an S3 multipart upload (S3: 5 GiB)' },
  'max-upload-parts': { limit: 'maxUploadParts', min: 1, max: 10_000, help: 'parts of one S3 multipart upload (S3: 10000)' },
  'max-open-uploads': { limit: 'maxOpenUploads', min: 1, max: 1_000_000, help: 'S3 multipart uploads in progress at once' },
};

export const limitFlagOptions = Object.fromEntries(Object.keys(ENGINE_LIMIT_FLAGS).map((flag) => [flag, { type: 'string' as const }]));

export const limitFlagUsage = Object.entries(ENGINE_LIMIT_FLAGS)
  .map(([flag, spec]) => `  --${flag.padEnd(28)} ${spec.help}`)
  .join('\n');

/** The limits named on the command line. */
export function limitsFromFlags(values: Record<string, unknown>): Partial<EngineLimits> {
  const limits: Partial<EngineLimits> = {};
  for (const [flag, spec] of Object.entries(ENGINE_LIMIT_FLAGS)) {
    const raw = values[flag];
    if (typeof raw === 'string') limits[spec.limit] = integer(`--${flag}`, raw, spec.min, spec.max);
  }
  return limits;
}
