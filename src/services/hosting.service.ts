import type { Identity } from '../auth/roles';
import type { GatewayRuntime } from '../runtime/gateway-runtime';
import type { StartRequest, HostingRequest } from '../runtime/model-control';
import type { HostingStats } from '../schema/hosting.type';
import type { ModelEvent } from '../schema/model-event.type';
import type { ModelHostingChange, ModelVersion } from '../schema/model.type';
import { ErrorCode } from './error-codes';
import { gatewayError, projectNotFound } from './gateway-error';
import type { Loaders } from './loaders';
import type { VersionResolver } from './version-resolver';

/**
 * Starting and stopping models (through the runtime's idempotent control),
 * their accounting and their audit, for one GraphQL request: the caller's
 * identity is the audit's actor, and a change clears this request's cached
 * reads of the model.
 */
export class HostingService {
  constructor(
    private readonly runtime: GatewayRuntime,
    private readonly loaders: Loaders,
    private readonly identity: Identity,
    private readonly resolver: VersionResolver,
  ) {}

  async start(input: StartRequest): Promise<ModelHostingChange> {
    const outcome = await this.runtime.control.start({ ...input, version: await this.resolver.resolve(input.project, input.version) }, { actor: this.identity.name });
    this.forget(input.project, input.version, outcome.version);
    return outcome;
  }

  async stop(input: HostingRequest): Promise<ModelHostingChange> {
    const outcome = await this.runtime.control.stop({ ...input, version: await this.resolver.resolve(input.project, input.version) }, { actor: this.identity.name });
    this.forget(input.project, input.version, outcome.version);
    return outcome;
  }

  figures(model: ModelVersion): Promise<HostingStats> {
    return this.runtime.ledger.figures({ project: model.project, version: model.version });
  }

  /** The audit of a version number (no Lookout call: a deleted model keeps its history), or of what "latest" or an alias names now. */
  async events(project: string, asked: string, last: number): Promise<ModelEvent[]> {
    const version = await this.resolver.resolve(project, asked);
    if (/^[1-9][0-9]*$/.test(version)) return this.runtime.audit.recent({ project, version }, last);
    const model = await this.loaders.model.load({ project, version });
    if (!model) {
      if (!(await this.loaders.project.load(project))) throw projectNotFound(project);
      throw gatewayError(ErrorCode.NOT_FOUND, `Model version ${version} of project ${project} does not exist.`, { resourceId: `${project}/${version}`, resourceType: 'MODEL' });
    }
    return this.runtime.audit.recent({ project, version: model.ModelVersion ?? version }, last);
  }

  /** A change to this model: later reads in the same request must see it. */
  private forget(project: string, asked: string, version: string): void {
    for (const v of new Set([asked, version, 'latest'])) this.loaders.model.clear({ project, version: v });
    this.loaders.modelsOfProject.clear(project);
  }
}
