import type { Arns } from './arns';
import type { DatasetImporter } from './datasets/dataset-importer';
import type { DatasetLimits } from './datasets/dataset-limits';
import type { S3Mapping } from './s3-mapping';
import type { S3Limits } from './s3/s3-limits';
import type { S3Storage } from './s3/s3-storage';
import type { ClientTokenStore } from './store/client-token-store';
import type { Db } from './store/database';
import type { DatasetStore } from './store/dataset-store';
import type { ImageStore } from './store/image-store';
import type { ModelStore } from './store/model-store';
import type { ModelRuntime } from './models/model-runtime';
import type { ModelPackaging } from './packaging/packaging-jobs';
import type { PackagingJobStore } from './store/packaging-store';
import type { ProjectStore } from './store/project-store';
import type { TagStore } from './store/tag-store';

/** The engine's limits; the dataset import's own are documented in datasets/dataset-limits.ts, the S3 API's in s3/s3-limits.ts. */
export interface EngineLimits extends DatasetLimits, S3Limits {
  /** Lookout's default quota of projects per account and region. */
  maxProjects: number;
  /** Most inference units one model may ask for (MaxInferenceUnits). */
  maxInferenceUnits: number;
  /** Inference units of all hosted models together: StartModel past it is refused, auto-scaling stops at it. */
  maxTotalInferenceUnits: number;
  /** Trainings that run at once; later ones wait in TRAINING, first come first served. */
  maxConcurrentTrainings: number;
  /** How long a detection may wait for an inference unit before it is answered ThrottlingException. */
  detectionQueueTimeoutMs: number;
}

/** Everything an operation handler may use. */
export interface EngineContext {
  dataDir: string;
  db: Db;
  stores: {
    projects: ProjectStore;
    datasets: DatasetStore;
    tags: TagStore;
    clientTokens: ClientTokenStore;
    images: ImageStore;
    models: ModelStore;
    packagingJobs: PackagingJobStore;
  };
  runtime: ModelRuntime;
  /** Runs model packaging jobs (StartModelPackagingJob) once their request has committed. */
  packaging: ModelPackaging;
  arns: Arns;
  /** The region the engine answers for (ARNs, S3's bucket region). */
  region: string;
  s3: S3Mapping;
  /** The S3 API's objects and multipart uploads, over the same files as `s3`. */
  s3Storage: S3Storage;
  importer: DatasetImporter;
  limits: EngineLimits;
  /** Epoch seconds, with fractions, as Lookout's timestamps are. */
  now(): number;
  log(message: string, error?: unknown): void;
}
