import type { ModelMetadata } from '@aws-sdk/client-lookoutvision';
import { ModelStatus } from '../schema/enums';
import { ModelStatusReport, ModelVersion } from '../schema/model.type';
import { ErrorCode } from './error-codes';
import { gatewayError, projectNotFound } from './gateway-error';
import type { Loaders } from './loaders';
import type { LookoutApi } from './lookout-api';
import { toDescribedModelVersion, toModelVersion } from './mappers';
import type { UnknownModelStatusListener } from './unknown-model-status';
import type { VersionResolver } from './version-resolver';

export class ModelService {
  constructor(
    private readonly api: LookoutApi,
    private readonly loaders: Loaders,
    private readonly onUnknownStatus: UnknownModelStatusListener,
    private readonly resolver: VersionResolver,
  ) {}

  /** The project's versions; without a promise when they are in the shared read cache, as ProjectService.list. */
  versions(project: string): ModelVersion[] | Promise<ModelVersion[]> {
    const toVersions = (models: ModelMetadata[]) => models.map((m) => toModelVersion(project, m, this.onUnknownStatus));
    const settled = this.loaders.settledModelsOfProject(project);
    return settled ? toVersions(settled) : this.loaders.modelsOfProject.load(project).then(toVersions);
  }

  /** The model version, or null when the project, version or alias does not exist. */
  async get(project: string, asked: string): Promise<ModelVersion | null> {
    const version = await this.resolver.resolveOrNull(project, asked);
    if (version === null) return null;
    const description = await this.loaders.model.load({ project, version });
    return description ? toDescribedModelVersion(project, description, this.onUnknownStatus) : null;
  }

  /** Inference units live only in DescribeModel: fetched when a query asks for them. */
  async inferenceUnits(model: ModelVersion): Promise<{ min: number | null; max: number | null }> {
    if (model.minInferenceUnits !== undefined) return { min: model.minInferenceUnits ?? null, max: model.maxInferenceUnits ?? null };
    const described = await this.get(model.project, model.version);
    return { min: described?.minInferenceUnits ?? null, max: described?.maxInferenceUnits ?? null };
  }

  /** NOT_FOUND says what is missing: the project, the alias, or the version (with the alias that named it). */
  async status(project: string, version: string): Promise<ModelStatusReport> {
    const resolved = await this.resolver.resolve(project, version);
    const description = await this.loaders.model.load({ project, version: resolved });
    if (!description) {
      if (!(await this.loaders.project.load(project))) throw projectNotFound(project);
      const missing = resolved === 'latest' ? `Project ${project} has no model versions yet (train one with trainModel).` : `Model version ${resolved}${resolved === version ? '' : ` (which the alias ${version} names)`} of project ${project} does not exist.`;
      throw gatewayError(ErrorCode.NOT_FOUND, missing, {
        resourceId: `${project}/${resolved}`,
        resourceType: 'MODEL',
      });
    }
    const model = toDescribedModelVersion(project, description, this.onUnknownStatus);
    return {
      project,
      version: model.version,
      status: model.status,
      statusMessage: model.statusMessage,
      ready: model.status === ModelStatus.HOSTED,
    };
  }
}
