import type { Identity } from '../auth/roles';
import type { GatewayRuntime } from '../runtime/gateway-runtime';
import { waitForStatus } from '../runtime/wait-for-status';
import { ModelStatus } from '../schema/enums';
import type { ModelVersion } from '../schema/model.type';
import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';
import type { Loaders } from './loaders';
import type { LookoutApi } from './lookout-api';
import { toDescribedModelVersion, toModelVersion } from './mappers';
import type { StorageLocations } from './storage-locations';
import type { UnknownModelStatusListener } from './unknown-model-status';

/** Training and deleting model versions, for one GraphQL request; both audited with the caller as actor. */
export class TrainingService {
  constructor(
    private readonly api: LookoutApi,
    private readonly runtime: GatewayRuntime,
    private readonly loaders: Loaders,
    private readonly identity: Identity,
    private readonly storage: StorageLocations,
    private readonly onUnknownStatus: UnknownModelStatusListener,
  ) {}

  /**
   * CreateModel on the project's datasets, its evaluation written under the
   * model output location. Progress shows in `modelStatusChanged` (TRAINING
   * with a message, then TRAINED or TRAINING_FAILED); with `wait`, the answer
   * comes once training has ended.
   */
  async train(input: { project: string; description?: string | null; wait: boolean; timeoutSeconds: number }): Promise<ModelVersion> {
    const output = this.storage.modelOutput(input.project);
    const created = await this.api.createModel({ projectName: input.project, description: input.description ?? undefined, outputBucket: output.bucket, outputPrefix: output.prefix });
    const ref = { project: input.project, version: created.ModelVersion ?? '' };
    this.loaders.modelsOfProject.clear(input.project);
    await this.runtime.audit.record({ ...ref, actor: this.identity.name, action: 'train', fromStatus: null, result: created.Status ?? 'TRAINING', detail: input.description ?? null });
    if (!input.wait) return toModelVersion(input.project, created, this.onUnknownStatus);
    await waitForStatus(this.runtime.watcher, ref, [ModelStatus.TRAINING], input.timeoutSeconds * 1000);
    return toDescribedModelVersion(input.project, await this.api.describeModel(ref.project, ref.version), this.onUnknownStatus);
  }

  /**
   * DeleteModel; answers the version as it is now (DELETING). Its policy goes
   * with it. A version an alias names is refused (CONFLICT): the alias would
   * name nothing, and the detections sent by it would fail. (An alias set on
   * it between this check and the DeleteModel is not caught: setModelAlias
   * refuses a version only once it is DELETING.)
   */
  async delete(project: string, version: string): Promise<ModelVersion> {
    const before = await this.loaders.model.load({ project, version });
    if (!before) throw gatewayError(ErrorCode.NOT_FOUND, `Model version ${version} of project ${project} does not exist.`, { resourceId: `${project}/${version}`, resourceType: 'MODEL' });
    const number = before.ModelVersion ?? version;
    const naming = (await this.runtime.aliases.read(project)).filter((a) => a.version === number).map((a) => a.alias);
    if (naming.length > 0) {
      const refusal = gatewayError(
        ErrorCode.CONFLICT,
        `Model version ${number} of project ${project} is what ${naming.length === 1 ? 'the alias' : 'the aliases'} ${naming.join(', ')} ${naming.length === 1 ? 'names' : 'name'}; point ${naming.length === 1 ? 'it' : 'them'} at another version (promoteModel, setModelAlias) or remove ${naming.length === 1 ? 'it' : 'them'} (removeModelAlias) first.`,
        { resourceId: `${project}/${number}`, resourceType: 'MODEL' },
      );
      await this.runtime.audit.record({ project, version: number, actor: this.identity.name, action: 'delete', fromStatus: before.Status ?? null, result: ErrorCode.CONFLICT, detail: refusal.message });
      throw refusal;
    }
    try {
      await this.api.deleteModel(project, version);
    } catch (error) {
      await this.runtime.audit.record({ project, version, actor: this.identity.name, action: 'delete', fromStatus: before.Status ?? null, result: String((error as { extensions?: { code?: string } }).extensions?.code ?? 'ERROR'), detail: (error as Error).message });
      throw error;
    }
    await this.runtime.audit.record({ project, version, actor: this.identity.name, action: 'delete', fromStatus: before.Status ?? null, result: 'DELETING', detail: null });
    await this.runtime.store.removePolicy({ project, version });
    this.loaders.model.clear({ project, version }).clear({ project, version: 'latest' });
    this.loaders.modelsOfProject.clear(project);
    return { ...toDescribedModelVersion(project, before, this.onUnknownStatus), status: ModelStatus.DELETING, statusMessage: 'Deleting the model.' };
  }
}
