import { Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import { AliasRefArgs, PromoteModelArgs, SetModelAliasArgs } from '../schema/alias.args';
import { ModelAlias, ModelAliasChange } from '../schema/alias.type';
import { ModelVersion } from '../schema/model.type';
import { Project } from '../schema/project.type';
import type { GatewayContext } from '../server/context';
import { LOOKOUT_CALL, listOf, oneOf } from './complexity';

/** Changes of model aliases (admin), and the objects a change answers with. */
@Resolver(() => ModelAliasChange)
export class AliasResolver {
  @Authorized<Role>('admin')
  @Mutation(() => ModelAliasChange, {
    description:
      'Points the alias at the version at once, whatever the version\'s status (promoteModel waits until it is HOSTED). The alias is a tag on the project: ' +
      'NOT_FOUND when the version does not exist, QUOTA_EXCEEDED when the project has 50 tags already. Needs the admin role.',
    complexity: oneOf(3 * LOOKOUT_CALL),
  })
  setModelAlias(@Args() args: SetModelAliasArgs, @Ctx() ctx: GatewayContext): Promise<ModelAliasChange> {
    return ctx.aliases.set(args);
  }

  @Authorized<Role>('admin')
  @Mutation(() => ModelAliasChange, { description: 'Removes the alias; on an alias the project does not have, changes nothing (previousVersion null). Needs the admin role.', complexity: oneOf(2 * LOOKOUT_CALL) })
  removeModelAlias(@Args() args: AliasRefArgs, @Ctx() ctx: GatewayContext): Promise<ModelAliasChange> {
    return ctx.aliases.remove(args);
  }

  @Authorized<Role>('admin')
  @Mutation(() => ModelAliasChange, {
    description:
      'Moves the alias to the version without a moment in which a detection by the alias meets a model that is not ready: starts the version and waits until it is HOSTED ' +
      '(startFirst), moves the alias, then stops the version it named before (stopPrevious). A start that fails (MODEL_NOT_READY) or takes longer than timeoutSeconds (TIMEOUT) ' +
      'leaves the alias where it was. Changes of one alias run one at a time, in the order they arrive. Roll back by promoting the previous version. Needs the admin role.',
    complexity: oneOf(6 * LOOKOUT_CALL),
  })
  promoteModel(@Args() args: PromoteModelArgs, @Ctx() ctx: GatewayContext): Promise<ModelAliasChange> {
    return ctx.aliases.promote(args);
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project, with its aliases as they are now.', complexity: oneOf(LOOKOUT_CALL) })
  project(@Root() change: ModelAliasChange, @Ctx() ctx: GatewayContext): Promise<Project | null> {
    return ctx.projects.get(change.projectName);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The version the alias names now, as it is now.', complexity: oneOf(LOOKOUT_CALL) })
  async modelVersion(@Root() change: ModelAliasChange, @Ctx() ctx: GatewayContext): Promise<ModelVersion | null> {
    return change.version === null ? null : ctx.models.get(change.projectName, change.version);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The version the alias named before, as it is now (stopping, with stopPrevious).', complexity: oneOf(LOOKOUT_CALL) })
  async previousModelVersion(@Root() change: ModelAliasChange, @Ctx() ctx: GatewayContext): Promise<ModelVersion | null> {
    return change.previousVersion === null ? null : ctx.models.get(change.projectName, change.previousVersion);
  }
}

@Resolver(() => ModelAlias)
export class ModelAliasResolver {
  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The version it names; null when that version no longer exists.', complexity: oneOf(LOOKOUT_CALL) })
  modelVersion(@Root() alias: ModelAlias, @Ctx() ctx: GatewayContext): Promise<ModelVersion | null> {
    return ctx.models.get(alias.project, alias.version);
  }
}

/** Aliases of a project: one ListTagsForResource of the project per request, whatever asks. */
@Resolver(() => Project)
export class ProjectAliasesResolver {
  @FieldResolver(() => [ModelAlias], { description: 'The project\'s model aliases, by name (kept as tags on the project).', complexity: listOf(3, LOOKOUT_CALL) })
  aliases(@Root() project: Project, @Ctx() ctx: GatewayContext): Promise<ModelAlias[]> {
    // An alias names a model version, and a deleted project had none.
    if (project.deleted) return Promise.resolve([]);
    return ctx.aliases.ofProject(project);
  }
}

@Resolver(() => ModelVersion)
export class ModelVersionAliasesResolver {
  @FieldResolver(() => [String], { description: 'The aliases that name this version now.', complexity: LOOKOUT_CALL })
  aliases(@Root() model: ModelVersion, @Ctx() ctx: GatewayContext): Promise<string[]> {
    return ctx.aliases.ofModel(model);
  }
}
