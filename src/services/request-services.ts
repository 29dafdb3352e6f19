import { DetectionService } from './detection.service';
import { createLoaders } from './loaders';
import type { SharedReadCache } from './shared-read-cache';
import type { LookoutApi } from './lookout-api';
import { ModelService } from './model.service';
import { ProjectService } from './project.service';
import type { UnknownModelStatusListener } from './unknown-model-status';
import type { AdmissionGate } from '../util/admission-gate';
import type { Identity } from '../auth/roles';
import type { GatewayRuntime } from '../runtime/gateway-runtime';
import { HostingService } from './hosting.service';
import { PolicyService } from './policy.service';
import { NodeService } from './node.service';
import type { StorageLocations } from './storage-locations';
import { TrainingService } from './training.service';
import { DatasetService } from './dataset.service';
import { VersionResolver } from './version-resolver';
import { AliasService } from './alias.service';
import { EvaluationService } from './evaluation.service';
import type { S3Api } from './s3-api';
import { ImageUploadService } from './image-upload.service';
import { ThumbnailService } from './thumbnail.service';
import { ViewerService } from './viewer.service';

export interface RequestServices {
  projects: ProjectService;
  models: ModelService;
  detection: DetectionService;
  hosting: HostingService;
  policies: PolicyService;
  nodes: NodeService;
  training: TrainingService;
  datasets: DatasetService;
  /** Alias names given for versions, read from the project's tags. */
  versions: VersionResolver;
  aliases: AliasService;
  evaluations: EvaluationService;
  uploads: ImageUploadService;
  /** Small copies of dataset images and masks (DatasetEntry.thumbnail). */
  thumbnails: ThumbnailService;
  /** The caller, as `viewer` answers it. */
  viewer: ViewerService;
}

export interface ServiceOptions {
  maxUploadBytes: number;
  /** Shared by every request, so an unknown status is reported once per gateway, not once per request. */
  onUnknownModelStatus: UnknownModelStatusListener;
  /** Shared by every request: bounds the detections in flight across the gateway. */
  detections: AdmissionGate;
  /** Shared by every request: control, accounting, audit and policies of hosted models. */
  runtime: GatewayRuntime;
  /** Where uploads and training output go in S3. */
  storage: StorageLocations;
  /** S3, reached like Lookout: evaluation results, uploaded images. */
  s3: S3Api;
  /** Shared by every request: upstream reads reused for a short while (READ_CACHE_TTL_MS). */
  reads?: SharedReadCache;
}

/** Fresh services, over fresh loaders, for one GraphQL request. */
export function createRequestServices(api: LookoutApi, options: ServiceOptions, identity: Identity): RequestServices {
  const loaders = createLoaders(api, options.reads);
  const versions = new VersionResolver(options.runtime.aliases, loaders);
  const projects = new ProjectService(api, loaders);
  const models = new ModelService(api, loaders, options.onUnknownModelStatus, versions);
  const datasets = new DatasetService(api, loaders, options.runtime.clock);
  return {
    projects,
    models,
    datasets,
    nodes: new NodeService(projects, models, datasets),
    training: new TrainingService(api, options.runtime, loaders, identity, options.storage, options.onUnknownModelStatus),
    detection: new DetectionService(api, loaders, options.maxUploadBytes, options.detections, options.runtime.ledger, versions),
    hosting: new HostingService(options.runtime, loaders, identity, versions),
    policies: new PolicyService(options.runtime, loaders, identity, versions, options.onUnknownModelStatus),
    versions,
    aliases: new AliasService(options.runtime, versions, loaders, identity),
    evaluations: new EvaluationService(options.s3, loaders),
    uploads: new ImageUploadService(api, options.s3, datasets, loaders, options.storage, options.runtime.clock, options.maxUploadBytes),
    thumbnails: new ThumbnailService(options.s3, options.maxUploadBytes),
    viewer: new ViewerService(identity),
  };
}
