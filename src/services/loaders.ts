import type { DatasetDescription, ModelDescription, ModelMetadata, ProjectDescription, Tag } from '@aws-sdk/client-lookoutvision';
import DataLoader from 'dataloader';
import { ErrorCode } from './error-codes';
import { hasCode } from './gateway-error';
import type { LookoutApi } from './lookout-api';

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
 * request. Never share these between requests: Lookout state changes, and
 * callers may hold different credentials.
 */
export interface Loaders {
  project: DataLoader<string, ProjectDescription | null>;
  modelsOfProject: DataLoader<string, ModelMetadata[]>;
  model: DataLoader<ModelKey, ModelDescription | null, string>;
  dataset: DataLoader<DatasetKey, DatasetDescription | null, string>;
  /** Tags of a project or model, by ARN. */
  tags: DataLoader<string, Tag[]>;
}

export function createLoaders(api: LookoutApi): Loaders {
  return {
    project: new DataLoader((names) => settle(names, (name) => orNull(api.describeProject(name)))),
    modelsOfProject: new DataLoader((names) => settle(names, (name) => api.listModels(name))),
    model: new DataLoader((keys) => settle(keys, (k) => orNull(api.describeModel(k.project, k.version))), {
      cacheKeyFn: (k) => `${k.project}/${k.version}`,
    }),
    dataset: new DataLoader((keys) => settle(keys, (k) => orNull(api.describeDataset(k.project, k.type))), {
      cacheKeyFn: (k) => `${k.project}/${k.type}`,
    }),
    tags: new DataLoader((arns) => settle(arns, (arn) => api.listTags(arn))),
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
