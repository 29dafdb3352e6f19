import type { DatasetDescription, ModelDescription, ModelMetadata, ProjectDescription, ProjectMetadata, Tag } from '@aws-sdk/client-lookoutvision';
import DataLoader from 'dataloader';
import { ErrorCode } from './error-codes';
import { hasCode } from './gateway-error';
import { KnownAnswers } from './known-answers';
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
  /** The project list without a promise, when the shared read cache has it (then projectList answers the same). */
  settledProjectList(): ProjectMetadata[] | undefined;
  /** A project's model versions without a promise, when the shared read cache has them (then modelsOfProject answers the same). */
  settledModelsOfProject(project: string): ModelMetadata[] | undefined;
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
  return new RequestLoaders(api, shared);
}

/** Each loader is made on first use: a request needs one or two of them. */
class RequestLoaders implements Loaders {
  private projectListOnce?: Promise<ProjectMetadata[]>;
  private listed?: { value: ProjectMetadata[] };
  private readonly modelsKnown = new KnownAnswers<ModelMetadata[]>();
  private projectOnce?: Loaders['project'];
  private modelsOfProjectOnce?: Loaders['modelsOfProject'];
  private modelOnce?: Loaders['model'];
  private datasetOnce?: Loaders['dataset'];
  private tagsOnce?: Loaders['tags'];

  constructor(
    private readonly api: LookoutApi,
    private readonly shared: SharedReadCache,
  ) {}

  projectList(): Promise<ProjectMetadata[]> {
    return (this.projectListOnce ??= this.listed ? Promise.resolve(this.listed.value) : this.shared.read(SharedReadCache.ALL_PROJECTS, 'list', () => this.api.listProjects()));
  }

  settledProjectList(): ProjectMetadata[] | undefined {
    // Only before this request has read the list itself: one request, one list.
    if (!this.listed && !this.projectListOnce) this.listed = this.shared.peek(SharedReadCache.ALL_PROJECTS, 'list');
    return this.listed?.value;
  }

  settledModelsOfProject(project: string): ModelMetadata[] | undefined {
    return this.modelsKnown.settled(project, () => this.shared.peek(project, 'models'));
  }

  async listedProjectArn(project: string): Promise<string | undefined> {
    const listed = this.listed?.value ?? (await this.projectListOnce?.catch(() => undefined));
    return listed?.find((p) => p.ProjectName === project)?.ProjectArn || undefined;
  }

  get project(): Loaders['project'] {
    return (this.projectOnce ??= new DataLoader((names) => settle(names, (name) => this.shared.read(name, 'project', () => orNull(this.api.describeProject(name))))));
  }

  get modelsOfProject(): Loaders['modelsOfProject'] {
    return (this.modelsOfProjectOnce ??= new DataLoader((names) => settle(names, (name) => this.shared.read(name, 'models', () => this.api.listModels(name))), {
      cacheMap: this.modelsKnown,
    }));
  }

  get model(): Loaders['model'] {
    return (this.modelOnce ??= new DataLoader((keys) => settle(keys, (k) => this.shared.read(k.project, `model:${k.version}`, () => orNull(this.api.describeModel(k.project, k.version)))), {
      cacheKeyFn: (k) => `${k.project}/${k.version}`,
    }));
  }

  get dataset(): Loaders['dataset'] {
    return (this.datasetOnce ??= new DataLoader((keys) => settle(keys, (k) => this.shared.read(k.project, `dataset:${k.type}`, () => orNull(this.api.describeDataset(k.project, k.type)))), {
      cacheKeyFn: (k) => `${k.project}/${k.type}`,
    }));
  }

  get tags(): Loaders['tags'] {
    return (this.tagsOnce ??= new DataLoader((arns) => settle(arns, (arn) => this.shared.read(projectOfArn(arn), `tags:${arn}`, () => this.api.listTags(arn)))));
  }
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
