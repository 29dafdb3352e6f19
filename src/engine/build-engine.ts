import type { RequestListener } from 'node:http';
import { LOOKOUT_LIMITS } from '../lookout/constraints';
import { Arns } from './arns';
import { DatasetImporter } from './datasets/dataset-importer';
import { DATASET_LIMIT_DEFAULTS } from './datasets/dataset-limits';
import { checkBackbone } from './detector/mobilenet-weights';
import type { EngineContext, EngineLimits } from './engine-context';
import { createEngineHandler, type HandlerOptions } from './http/engine-handler';
import { datasetOperations } from './operations/dataset-operations';
import { projectOperations } from './operations/project-operations';
import { modelOperations } from './operations/model-operations';
import { tagOperations } from './operations/tag-operations';
import { packagingOperations } from './operations/packaging-operations';
import { ModelPackaging } from './packaging/packaging-jobs';
import { PackagingJobStore } from './store/packaging-store';
import { ModelRuntime, type RuntimeOptions } from './models/model-runtime';
import { ModelStore } from './store/model-store';
import { cpus } from 'node:os';
import { S3Mapping } from './s3-mapping';
import { S3_LIMIT_DEFAULTS } from './s3/s3-limits';
import { openS3Storage } from './s3/s3-storage';
import { ClientTokenStore } from './store/client-token-store';
import { openDatabase } from './store/database';
import { DatasetStore } from './store/dataset-store';
import { ImageStore } from './store/image-store';
import { ProjectStore } from './store/project-store';
import { TagStore } from './store/tag-store';
import { awsFaultAnswer } from './http/client-faults';
import type { FaultAnswers } from '../util/client-faults';

export interface EngineOptions extends HandlerOptions {
  dataDir: string;
  region?: string;
  account?: string;
  limits?: Partial<EngineLimits>;
  runtime?: Partial<Omit<RuntimeOptions, 'dataDir' | 'limits'>>;
  log?: (message: string, error?: unknown) => void;
}

export interface Engine {
  handler: RequestListener;
  /** How the engine's HTTP server answers what Node's parser and timeouts refuse: as Lookout or S3 would. */
  faults: FaultAnswers;
  context: EngineContext;
  close(): Promise<void>;
}

/** Opens the data directory, recovers from any crash, and builds the request handler. */
export function buildEngine(options: EngineOptions): Engine {
  checkBackbone(); // before the data directory is opened: a changed nsfwjs package refuses the start, with its message
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[engine] ${message}`, error ?? ''));
  const db = openDatabase(options.dataDir, log);
  const stores = {
    projects: new ProjectStore(db),
    datasets: new DatasetStore(db),
    tags: new TagStore(db),
    clientTokens: new ClientTokenStore(db),
    images: new ImageStore(options.dataDir),
    models: new ModelStore(db),
    packagingJobs: new PackagingJobStore(db),
  };
  const now = () => Date.now() / 1000;
  const s3 = new S3Mapping(options.dataDir);
  const limits: EngineLimits = {
    ...DATASET_LIMIT_DEFAULTS,
    ...S3_LIMIT_DEFAULTS,
    maxProjects: LOOKOUT_LIMITS.projectsPerAccount,
    maxInferenceUnits: 8,
    // A unit runs one onnxruntime thread: past two per core, more units add memory and context switches, not answers.
    maxTotalInferenceUnits: Math.max(2, cpus().length * 2),
    // A training already uses every core (trainingThreads) and a few hundred MB; two at once only take twice as long each.
    maxConcurrentTrainings: 1,
    // Far above a full queue's normal wait (16 requests per unit, tens of ms each), below the usual client and proxy timeouts.
    detectionQueueTimeoutMs: 10_000,
    ...options.limits,
  };
  const importer = new DatasetImporter({ db, stores, s3, now, log, limits });
  const runtime = new ModelRuntime(
    { db, models: stores.models, s3, now, log },
    { dataDir: options.dataDir, idleUnitMs: 30_000, trainingThreads: Math.max(1, cpus().length), ...options.runtime, limits },
  );
  const region = options.region ?? 'us-east-1';
  const s3Storage = openS3Storage(db, options.dataDir, limits, now);
  const arns = new Arns({ region, account: options.account ?? '000000000000' });
  const packaging = new ModelPackaging({
    jobs: stores.packagingJobs,
    models: stores.models,
    arns,
    dataDir: options.dataDir,
    modelDir: (project, version) => runtime.modelDir(project, version),
    now,
    log,
  });
  const context: EngineContext = {
    dataDir: options.dataDir,
    db,
    stores,
    arns,
    region,
    s3,
    s3Storage,
    importer,
    runtime,
    packaging,
    limits,
    now,
    log,
  };

  // On a full disk each of these may fail; the engine still starts, serves
  // reads and answers writes with StorageFullError. Import recovery retries
  // itself; the rest waits for the next start.
  const atStart = (what: string, step: () => void) => {
    try {
      step();
    } catch (error) {
      log(`start-up: ${what} failed; the engine starts without it`, error);
    }
  };
  importer.recoverInterrupted();
  atStart('model recovery', () => runtime.recover());
  atStart('packaging job recovery', () => packaging.recover());
  atStart('pruning expired client tokens', () => stores.clientTokens.prune(now()));
  atStart('image garbage collection', () => stores.images.collectGarbage(stores.datasets.referencedFiles()));
  // Not awaited: the parts of abandoned uploads are deleted while the engine already serves.
  s3Storage.uploads.removeAbandoned().catch((error: unknown) => log('start-up: removing abandoned S3 multipart uploads failed', error));

  const handler = createEngineHandler([...projectOperations, ...datasetOperations, ...modelOperations, ...packagingOperations, ...tagOperations], context, options);
  return {
    handler,
    faults: awsFaultAnswer,
    context,
    close: async () => {
      await importer.close();
      await packaging.close();
      await runtime.close();
      db.close();
    },
  };
}
