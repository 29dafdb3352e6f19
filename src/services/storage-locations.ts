import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';

/**
 * Where the gateway keeps what it hands to Lookout in S3: uploaded dataset
 * images and their manifests, and the output (evaluation files) of the
 * models it trains. Against AWS these are the team's own bucket and
 * prefixes (DATASET_BUCKET, MODEL_OUTPUT_BUCKET ...); with the embedded
 * engine, a bucket in its object store.
 */
export interface StorageConfig {
  datasetBucket: string | null;
  datasetPrefix: string;
  modelOutputBucket: string | null;
  modelOutputPrefix: string;
  /** Create the buckets when missing: for the embedded engine's own bucket only, never a team's bucket on AWS. */
  createBuckets: boolean;
}

export class StorageLocations {
  constructor(private readonly config: StorageConfig) {}

  get createsBuckets(): boolean {
    return this.config.createBuckets;
  }

  /** Where a project's uploaded images of one dataset go. */
  dataset(project: string, type: 'train' | 'test'): { bucket: string; prefix: string } {
    return { bucket: this.required(this.config.datasetBucket, 'DATASET_BUCKET', 'upload images'), prefix: `${this.config.datasetPrefix}${project}/${type}/` };
  }

  /** Where a project's trained models write their evaluation. */
  modelOutput(project: string): { bucket: string; prefix: string } {
    const bucket = this.config.modelOutputBucket ?? this.config.datasetBucket;
    return { bucket: this.required(bucket, 'MODEL_OUTPUT_BUCKET (or DATASET_BUCKET)', 'train models'), prefix: `${this.config.modelOutputPrefix}${project}/` };
  }

  private required(bucket: string | null, setting: string, purpose: string): string {
    if (bucket) return bucket;
    throw gatewayError(ErrorCode.NOT_CONFIGURED, `This gateway has no S3 bucket to ${purpose} with: set ${setting}.`, { setting });
  }
}
