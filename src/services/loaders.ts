import type { DatasetDescription, ModelDescription, ModelMetadata, ProjectDescription, ProjectMetadata, Tag } from '@aws-sdk/client-lookoutvision';
import DataLoader from 'dataloader';
import { ErrorCode } from './error-codes';
import { hasCode } from './gateway-error';
import { projectOfArn, type LookoutApi } from './lookout-api';
import { SharedReadCache } from './shared-read-cache';

export interface ModelKey {
  project: string;
  version: string;
}

export interface DatasetKey {
  project: string;
  type: 'train' | 'test';
}

/**
 * Per-request caches in front of the Lookout calls that a nested query would
 * otherwise repeat. Lookout has no batch read operations, so a batch is the
 * same calls sent concurrently; the win is that each key is fetched once per
 * request. These are never shared between requests (a request sees one
 * consistent view of a key); what requests share, for a bounded time and
 * dropped on every change the gateway makes or hears of, is the
 * SharedReadCache beneath. Every caller reads Lookout with the gateway's own
 * credentials, so sharing answers between callers reveals nothing the roles
 * do not already allow.
 */
export interface Loaders {
  project: DataLoader<string, ProjectDescription | null>;
  modelsOfProject: DataLoader<string, ModelMetadata[]>;
  model: DataLoader<ModelKey, ModelDescription | null, string>;
  dataset: DataLoader<DatasetKey, DatasetDescription | null, string>;
  /** Tags of a project or model, by ARN. */
  tags: DataLoader<string, Tag[]>;
  /** Every project (ListProjects, all pages), read once per request. */
  projectList(): Promise<ProjectMetadata[]>;
  /** The project's ARN when this request has listed the projects already (no call of its own), else undefined. */
  listedProjectArn(project: string): Promise<string | undefined>;
}

/** Without a shared cache (one gateway's), the loaders read upstream for each request. */
const UNSHARED = new SharedReadCache(0);

/**
 * The loaders of one request. Beneath them, `shared` lets requests share
 * upstream answers for a short while (see SharedReadCache); the per-request
 * cache on top keeps one request's view of a key consistent.
 */
export function createLoaders(api: LookoutApi, shared: SharedReadCache = UNSHARED): Loaders {
  let projectList: Promise<ProjectMetadata[]> | undefined;
  return {
    projectList: () => (projectList ??= shared.read(SharedReadCache.ALL_PROJECTS, 'list', () => api.listProjects())),
    listedProjectArn: async (project) => {
      const listed = await projectList?.catch(() => undefined);
      return listed?.find((p) => p.ProjectName === project)?.ProjectArn || undefined;
    },
    project: new DataLoader((names) => settle(names, (name) => shared.read(name, 'project', () => orNull(api.describeProject(name))))),
    modelsOfProject: new DataLoader((names) => settle(names, (name) => shared.read(name, 'models', () => api.listModels(name)))),
    model: new DataLoader((keys) => settle(keys, (k) => shared.read(k.project, `model:${k.version}`, () => orNull(api.describeModel(k.project, k.version)))), {
      cacheKeyFn: (k) => `${k.project}/${k.version}`,
    }),
    dataset: new DataLoader((keys) => settle(keys, (k) => shared.read(k.project, `dataset:${k.type}`, () => orNull(api.describeDataset(k.project, k.type)))), {
      cacheKeyFn: (k) => `${k.project}/${k.type}`,
    }),
    tags: new DataLoader((arns) => settle(arns, (arn) => shared.read(projectOfArn(arn), `tags:${arn}`, () => api.listTags(arn)))),
  };
}

/** One result per key, in key order; a failed key gets its error, not the batch. */
async function settle<K, V>(keys: readonly K[], load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  const results = await Promise.allSettled(keys.map(load));
  return results.map((r) => (r.status === 'fulfilled' ? r.value : toError(r.reason)));
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

async function orNull<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (hasCode(error, ErrorCode.NOT_FOUND)) return null;
    throw error;
  }
}
