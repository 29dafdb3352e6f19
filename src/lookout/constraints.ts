/**
 * Lookout for Vision's input constraints, from the public API model
 * (shared/notes/lookout-api-model.txt). The one home of these rules: the
 * gateway validates GraphQL arguments with them before any call, and the
 * engine validates wire requests with them, so the two cannot drift apart.
 */

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

/** Each member's length and pattern, anchored (the API model leaves most unanchored). */
export const LOOKOUT_RULES = {
  projectName: { min: 1, max: 255, pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/ },
  modelVersion: { min: 1, max: 10, pattern: /^([1-9][0-9]*|latest)$/ },
  modelVersionNoLatest: { min: 1, max: 10, pattern: /^[1-9][0-9]*$/ },
  datasetType: { min: 1, max: 10, pattern: /^(train|test)$/ },
  clientToken: { min: 1, max: 64, pattern: /^[a-zA-Z0-9-]+$/ },
  paginationToken: { max: 2048, pattern: /^[a-zA-Z0-9/+=]{0,2048}$/ },
  s3Bucket: { min: 3, max: 63, pattern: /^[0-9A-Za-z.\-_]*$/ },
  s3Key: { min: 1, max: 1024, pattern: /^([a-zA-Z0-9!_.*'()-][/a-zA-Z0-9!_.*'()-]*)?$/ },
  s3Prefix: { max: 1024, pattern: /^([a-zA-Z0-9!_.*'()-][/a-zA-Z0-9!_.*'()-]*)?$/ },
  modelDescription: { min: 1, max: 500, pattern: /^[0-9A-Za-z.\-_]*$/ },
  kmsKeyId: { min: 1, max: 2048, pattern: /^[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,2048}$/ },
  anomalyClassFilter: { min: 1, max: 10, pattern: /^(normal|anomaly)$/ },
  sourceRefContains: { min: 1, max: 2048, pattern: /\S/ },
  tagKey: { min: 1, max: 128, pattern: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u },
  tagValue: { max: 256, pattern: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u },
  resourceArn: { min: 1, max: 1011 },
} as const satisfies Record<string, StringRule>;

/** Numeric limits of the API and of Lookout's default quotas. */
export const LOOKOUT_LIMITS = {
  maxResults: { min: 1, max: 100 },
  /** MinInferenceUnits and MaxInferenceUnits. */
  inferenceUnits: { min: 1 },
  tagsPerRequest: 200,
  tagsPerResource: 50,
  /** UpdateDatasetEntries' decoded Changes. */
  maxDatasetChangesBytes: 10 * 1024 * 1024,
  /** One manifest line (DatasetEntry). */
  maxDatasetEntryChars: 8192,
  /** Lookout's default quota of projects per account and region. */
  projectsPerAccount: 100,
  /** Images per dataset. */
  imagesPerDataset: 16_000,
} as const;

/** Lookout's rules for dataset and inference images. */
export const IMAGE_RULES = {
  minSide: 64,
  maxSide: 4096,
  maxBytes: 8 * 1024 * 1024,
} as const;

/** Whether `value` satisfies `rule`; lengths count code points, as the API model does. */
export function satisfies(value: string, rule: StringRule): boolean {
  const length = [...value].length;
  if (rule.min !== undefined && length < rule.min) return false;
  if (rule.max !== undefined && length > rule.max) return false;
  return !rule.pattern || rule.pattern.test(value);
}
