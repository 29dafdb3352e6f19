import { DetectionService } from './detection.service';
import { createLoaders, type Loaders } from './loaders';
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

/**
 * The services of one GraphQL request, over loaders of its own. Each is made
 * when a resolver first asks for it: a request uses two or three of the
 * fourteen, and making them all (with five DataLoaders) for every request was
 * a measurable share of a cached query's cost (BENCHMARKS.md, "What limits
 * each figure").
 */
export class RequestServices {
  private projectsOnce?: ProjectService;
  private modelsOnce?: ModelService;
  private datasetsOnce?: DatasetService;
  private nodesOnce?: NodeService;
  private trainingOnce?: TrainingService;
  private detectionOnce?: DetectionService;
  private hostingOnce?: HostingService;
  private policiesOnce?: PolicyService;
  private versionsOnce?: VersionResolver;
  private aliasesOnce?: AliasService;
  private evaluationsOnce?: EvaluationService;
  private uploadsOnce?: ImageUploadService;
  private thumbnailsOnce?: ThumbnailService;
  private viewerOnce?: ViewerService;
  private loadersOnce?: Loaders;

  constructor(
    private readonly api: LookoutApi,
    private readonly options: ServiceOptions,
    /** The caller. */
    readonly identity: Identity,
  ) {}

  private get loaders(): Loaders {
    return (this.loadersOnce ??= createLoaders(this.api, this.options.reads));
  }

  get projects(): ProjectService {
    return (this.projectsOnce ??= new ProjectService(this.api, this.loaders));
  }

  get models(): ModelService {
    return (this.modelsOnce ??= new ModelService(this.api, this.loaders, this.options.onUnknownModelStatus, this.versions));
  }

  get datasets(): DatasetService {
    return (this.datasetsOnce ??= new DatasetService(this.api, this.loaders, this.options.runtime.clock));
  }

  get nodes(): NodeService {
    return (this.nodesOnce ??= new NodeService(this.projects, this.models, this.datasets));
  }

  get training(): TrainingService {
    const { options } = this;
    return (this.trainingOnce ??= new TrainingService(this.api, options.runtime, this.loaders, this.identity, options.storage, options.onUnknownModelStatus));
  }

  get detection(): DetectionService {
    const { options } = this;
    return (this.detectionOnce ??= new DetectionService(this.api, this.loaders, options.maxUploadBytes, options.detections, options.runtime.ledger, this.versions));
  }

  get hosting(): HostingService {
    return (this.hostingOnce ??= new HostingService(this.options.runtime, this.loaders, this.identity, this.versions));
  }

  get policies(): PolicyService {
    return (this.policiesOnce ??= new PolicyService(this.options.runtime, this.loaders, this.identity, this.versions, this.options.onUnknownModelStatus));
  }

  /** Alias names given for versions, read from the project's tags. */
  get versions(): VersionResolver {
    return (this.versionsOnce ??= new VersionResolver(this.options.runtime.aliases, this.loaders));
  }

  get aliases(): AliasService {
    return (this.aliasesOnce ??= new AliasService(this.options.runtime, this.versions, this.loaders, this.identity));
  }

  get evaluations(): EvaluationService {
    return (this.evaluationsOnce ??= new EvaluationService(this.options.s3, this.loaders));
  }

  get uploads(): ImageUploadService {
    const { options } = this;
    return (this.uploadsOnce ??= new ImageUploadService(this.api, options.s3, this.datasets, this.loaders, options.storage, options.runtime.clock, options.maxUploadBytes));
  }

  /** Small copies of dataset images and masks (DatasetEntry.thumbnail). */
  get thumbnails(): ThumbnailService {
    return (this.thumbnailsOnce ??= new ThumbnailService(this.options.s3, this.options.maxUploadBytes));
  }

  /** The caller, as `viewer` answers it. */
  get viewer(): ViewerService {
    return (this.viewerOnce ??= new ViewerService(this.identity));
  }
}
