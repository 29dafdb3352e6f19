import { Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { ModelRefArgs, ProjectModelsArgs, StartModelArgs, StopModelArgs } from '../schema/model.args';
import { ModelHostingChange, ModelStatusReport, ModelVersion } from '../schema/model.type';
import { LOOKOUT_CALL, listOf, oneOf } from './complexity';

@Resolver(() => ModelVersion)
export class ModelResolver {
  @Authorized<Role>('viewer')
  @Query(() => [ModelVersion], { description: 'Every model version of a project.', complexity: listOf(10, LOOKOUT_CALL) })
  modelVersions(@Args() { project }: ProjectModelsArgs, @Ctx() ctx: GatewayContext): ModelVersion[] | Promise<ModelVersion[]> {
    return ctx.models.versions(project);
  }

  @Authorized<Role>('viewer')
  @Query(() => ModelVersion, {
    nullable: true,
    description: 'The version ("latest" or an alias name allowed), or null when it does not exist.',
    complexity: oneOf(LOOKOUT_CALL),
  })
  modelVersion(@Args() { project, version }: ModelRefArgs, @Ctx() ctx: GatewayContext): Promise<ModelVersion | null> {
    return ctx.models.get(project, version);
  }

  @Authorized<Role>('viewer')
  @Query(() => ModelStatusReport, {
    description: 'Current status of a model version; NOT_FOUND when it does not exist.',
    complexity: oneOf(LOOKOUT_CALL),
  })
  modelStatus(@Args() { project, version }: ModelRefArgs, @Ctx() ctx: GatewayContext): Promise<ModelStatusReport> {
    return ctx.models.status(project, version);
  }

  @Authorized<Role>('admin')
  @Mutation(() => ModelHostingChange, { description: 'Starts hosting a TRAINED model, or again one whose hosting failed; on a model already hosted (or starting) with these units, answers its status. Hosting is billed per inference unit hour. Needs the admin role.' })
  startModel(@Args() args: StartModelArgs, @Ctx() ctx: GatewayContext): Promise<ModelHostingChange> {
    return ctx.hosting.start(args);
  }

  @Authorized<Role>('admin')
  @Mutation(() => ModelHostingChange, { description: 'Stops hosting a HOSTED model; on a model already stopped (or stopping), answers its status. Needs the admin role.' })
  stopModel(@Args() args: StopModelArgs, @Ctx() ctx: GatewayContext): Promise<ModelHostingChange> {
    return ctx.hosting.stop(args);
  }

  @FieldResolver(() => Int, { nullable: true, complexity: LOOKOUT_CALL })
  async minInferenceUnits(@Root() model: ModelVersion, @Ctx() ctx: GatewayContext): Promise<number | null> {
    return (await ctx.models.inferenceUnits(model)).min;
  }

  @FieldResolver(() => Int, { nullable: true, complexity: LOOKOUT_CALL })
  async maxInferenceUnits(@Root() model: ModelVersion, @Ctx() ctx: GatewayContext): Promise<number | null> {
    return (await ctx.models.inferenceUnits(model)).max;
  }
}
