import type { Arns } from './arns';
import type { DatasetImporter } from './datasets/dataset-importer';
import type { S3Mapping } from './s3-mapping';
import type { ClientTokenStore } from './store/client-token-store';
import type { Db } from './store/database';
import type { DatasetStore } from './store/dataset-store';
import type { ImageStore } from './store/image-store';
import type { ModelStore } from './store/model-store';
import type { ModelRuntime } from './models/model-runtime';
import type { ProjectStore } from './store/project-store';
import type { TagStore } from './store/tag-store';

export interface EngineLimits {
  /** Lookout's default quota of projects per account and region. */
  maxProjects: number;
  /** Most inference units one model may ask for (MaxInferenceUnits). */
  maxInferenceUnits: number;
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
  };
  runtime: ModelRuntime;
  arns: Arns;
  s3: S3Mapping;
  importer: DatasetImporter;
  limits: EngineLimits;
  /** Epoch seconds, with fractions, as Lookout's timestamps are. */
  now(): number;
  log(message: string, error?: unknown): void;
}
