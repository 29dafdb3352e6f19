import type { RequestListener } from 'node:http';
import { LOOKOUT_LIMITS } from '../lookout/constraints';
import { Arns } from './arns';
import { DatasetImporter } from './datasets/dataset-importer';
import type { EngineContext, EngineLimits } from './engine-context';
import { createEngineHandler, type HandlerOptions } from './http/engine-handler';
import { datasetOperations } from './operations/dataset-operations';
import { projectOperations } from './operations/project-operations';
import { modelOperations } from './operations/model-operations';
import { tagOperations } from './operations/tag-operations';
import { ModelRuntime, type RuntimeOptions } from './models/model-runtime';
import { ModelStore } from './store/model-store';
import { cpus } from 'node:os';
import { S3Mapping } from './s3-mapping';
import { ClientTokenStore } from './store/client-token-store';
import { openDatabase } from './store/database';
import { DatasetStore } from './store/dataset-store';
import { ImageStore } from './store/image-store';
import { ProjectStore } from './store/project-store';
import { TagStore } from './store/tag-store';

export interface EngineOptions extends HandlerOptions {
  dataDir: string;
  region?: string;
  account?: string;
  limits?: Partial<EngineLimits>;
  runtime?: Partial<Omit<RuntimeOptions, 'dataDir'>>;
  log?: (message: string, error?: unknown) => void;
}

export interface Engine {
  handler: RequestListener;
  context: EngineContext;
  close(): Promise<void>;
}

/** Opens the data directory, recovers from any crash, and builds the request handler. */
export function buildEngine(options: EngineOptions): Engine {
  const db = openDatabase(options.dataDir);
  const stores = {
    projects: new ProjectStore(db),
    datasets: new DatasetStore(db),
    tags: new TagStore(db),
    clientTokens: new ClientTokenStore(db),
    images: new ImageStore(options.dataDir),
    models: new ModelStore(db),
  };
  const now = () => Date.now() / 1000;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[engine] ${message}`, error ?? ''));
  const s3 = new S3Mapping(options.dataDir);
  const importer = new DatasetImporter({ db, stores, s3, now, log });
  const runtime = new ModelRuntime(
    { db, models: stores.models, s3, now, log },
    { dataDir: options.dataDir, idleUnitMs: 30_000, trainingThreads: Math.max(1, cpus().length), ...options.runtime },
  );
  const context: EngineContext = {
    dataDir: options.dataDir,
    db,
    stores,
    arns: new Arns({ region: options.region ?? 'us-east-1', account: options.account ?? '000000000000' }),
    s3,
    importer,
    runtime,
    limits: { maxProjects: LOOKOUT_LIMITS.projectsPerAccount, maxInferenceUnits: 8, ...options.limits },
    now,
    log,
  };

  importer.recoverInterrupted();
  runtime.recover();
  stores.clientTokens.prune(now());
  stores.images.collectGarbage(stores.datasets.referencedFiles());

  const handler = createEngineHandler([...projectOperations, ...datasetOperations, ...modelOperations, ...tagOperations], context, options);
  return {
    handler,
    context,
    close: async () => {
      await importer.idle();
      await runtime.close();
      db.close();
    },
  };
}
