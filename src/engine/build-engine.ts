import type { RequestListener } from 'node:http';
import { Arns } from './arns';
import { DatasetImporter } from './datasets/dataset-importer';
import type { EngineContext, EngineLimits } from './engine-context';
import { createEngineHandler, type HandlerOptions } from './http/engine-handler';
import { datasetOperations } from './operations/dataset-operations';
import { projectOperations } from './operations/project-operations';
import { tagOperations } from './operations/tag-operations';
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
  };
  const now = () => Date.now() / 1000;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[engine] ${message}`, error ?? ''));
  const s3 = new S3Mapping(options.dataDir);
  const importer = new DatasetImporter({ db, stores, s3, now, log });
  const context: EngineContext = {
    db,
    stores,
    arns: new Arns({ region: options.region ?? 'us-east-1', account: options.account ?? '000000000000' }),
    s3,
    importer,
    limits: { maxProjects: 100, ...options.limits },
    now,
    log,
  };

  importer.recoverInterrupted();
  stores.clientTokens.prune(now());
  stores.images.collectGarbage(stores.datasets.referencedFiles());

  const handler = createEngineHandler([...projectOperations, ...datasetOperations, ...tagOperations], context, options);
  return {
    handler,
    context,
    close: async () => {
      await importer.idle();
      db.close();
    },
  };
}
