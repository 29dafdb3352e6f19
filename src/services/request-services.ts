import { DetectionService } from './detection.service';
import { createLoaders } from './loaders';
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

export interface RequestServices {
  projects: ProjectService;
  models: ModelService;
  detection: DetectionService;
  hosting: HostingService;
  policies: PolicyService;
  nodes: NodeService;
}

export interface ServiceOptions {
  maxUploadBytes: number;
  /** Shared by every request, so an unknown status is reported once per gateway, not once per request. */
  onUnknownModelStatus: UnknownModelStatusListener;
  /** Shared by every request: bounds the detections in flight across the gateway. */
  detections: AdmissionGate;
  /** Shared by every request: control, accounting, audit and policies of hosted models. */
  runtime: GatewayRuntime;
}

/** Fresh services, over fresh loaders, for one GraphQL request. */
export function createRequestServices(api: LookoutApi, options: ServiceOptions, identity: Identity): RequestServices {
  const loaders = createLoaders(api);
  const projects = new ProjectService(api, loaders);
  const models = new ModelService(api, loaders, options.onUnknownModelStatus);
  return {
    projects,
    models,
    nodes: new NodeService(projects, models),
    detection: new DetectionService(api, loaders, options.maxUploadBytes, options.detections, options.runtime.ledger),
    hosting: new HostingService(options.runtime, loaders, identity),
    policies: new PolicyService(options.runtime, loaders, identity),
  };
}
