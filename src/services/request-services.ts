import { DetectionService } from './detection.service';
import { createLoaders } from './loaders';
import type { LookoutApi } from './lookout-api';
import { ModelService } from './model.service';
import { ProjectService } from './project.service';

export interface RequestServices {
  projects: ProjectService;
  models: ModelService;
  detection: DetectionService;
}

export interface ServiceOptions {
  maxUploadBytes: number;
}

/** Fresh services, over fresh loaders, for one GraphQL request. */
export function createRequestServices(api: LookoutApi, options: ServiceOptions): RequestServices {
  const loaders = createLoaders(api);
  return {
    projects: new ProjectService(api, loaders),
    models: new ModelService(api, loaders),
    detection: new DetectionService(api, loaders, options.maxUploadBytes),
  };
}
