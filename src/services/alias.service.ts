import type { Identity } from '../auth/roles';
import type { PromoteRequest } from '../runtime/alias-promotion';
import type { GatewayRuntime } from '../runtime/gateway-runtime';
import type { AliasMove, AliasRequest, SetAliasRequest } from '../runtime/model-aliases';
import type { ModelAlias, ModelAliasChange } from '../schema/alias.type';
import type { ModelVersion } from '../schema/model.type';
import type { Project } from '../schema/project.type';
import type { Loaders } from './loaders';
import type { VersionResolver } from './version-resolver';

/**
 * Model aliases for one GraphQL request: read from the project's tags
 * (through the request's cache), changed through the runtime (serialized
 * per alias, audited with the caller's name). A change clears this
 * request's cached reads of the project's tags and of both versions, so
 * the answer shows them as they are now.
 */
export class AliasService {
  constructor(
    private readonly runtime: GatewayRuntime,
    private readonly versions: VersionResolver,
    private readonly loaders: Loaders,
    private readonly identity: Identity,
  ) {}

  async ofProject(project: Project): Promise<ModelAlias[]> {
    const aliases = await this.versions.aliasesOf(project.name, project.arn || undefined);
    return aliases.map((a) => ({ project: project.name, name: a.alias, version: a.version }));
  }

  async ofModel(model: ModelVersion): Promise<string[]> {
    const aliases = await this.versions.aliasesOf(model.project);
    return aliases.filter((a) => a.version === model.version).map((a) => a.alias);
  }

  async set(request: SetAliasRequest): Promise<ModelAliasChange> {
    const version = await this.versions.resolve(request.project, request.version);
    return this.changed(await this.runtime.aliases.set({ ...request, version }, this.identity.name));
  }

  async remove(request: AliasRequest): Promise<ModelAliasChange> {
    return this.changed(await this.runtime.aliases.remove(request, this.identity.name));
  }

  async promote(request: PromoteRequest): Promise<ModelAliasChange> {
    const version = await this.versions.resolve(request.project, request.version);
    return this.changed(await this.runtime.promotions.promote({ ...request, version }, this.identity.name));
  }

  private async changed(move: AliasMove): Promise<ModelAliasChange> {
    await this.versions.forgetAliases(move.project);
    for (const version of [move.from, move.to, 'latest']) if (version) this.loaders.model.clear({ project: move.project, version });
    this.loaders.modelsOfProject.clear(move.project);
    return { alias: move.alias, projectName: move.project, version: move.to, previousVersion: move.from, stoppedPrevious: move.stoppedPrevious };
  }
}
