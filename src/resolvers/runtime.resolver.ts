import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { HostingStats } from '../schema/hosting.type';
import { ModelEvent } from '../schema/model-event.type';
import { ModelEventsArgs } from '../schema/model.args';
import { ModelVersion } from '../schema/model.type';
import { ModelPolicy, SetModelPolicyArgs } from '../schema/policy.type';
import { LOOKOUT_CALL, listOf, oneOf } from './complexity';

/** How the gateway runs models: their policies, their hosting figures and their audit. */
@Resolver(() => ModelVersion)
export class RuntimeResolver {
  @Authorized<Role>('admin')
  @Mutation(() => ModelVersion, {
    description:
      'Replaces the model\'s policy (an argument left out or null removes that part): idle auto-stop and a weekly schedule. Kept as tags on the model; answers the model version with its new policy. Needs the admin role.',
    complexity: oneOf(3 * LOOKOUT_CALL),
  })
  setModelPolicy(@Args() args: SetModelPolicyArgs, @Ctx() ctx: GatewayContext): Promise<ModelVersion> {
    return ctx.policies.set(args);
  }

  @Authorized<Role>('admin')
  @Query(() => [ModelEvent], {
    description:
      'Starts, stops, policy changes and automatic actions on a model, newest first. A version number answers its audit even once the version or its project is gone; "latest" or an alias must name a version that exists. Needs the admin role.',
    complexity: listOf(20, LOOKOUT_CALL),
  })
  modelEvents(@Args() { project, version, last }: ModelEventsArgs, @Ctx() ctx: GatewayContext): Promise<ModelEvent[]> {
    return ctx.hosting.events(project, version, last);
  }

  @FieldResolver(() => ModelPolicy, { description: 'How the gateway runs this model by itself (from its tags).', complexity: oneOf(LOOKOUT_CALL) })
  policy(@Root() model: ModelVersion, @Ctx() ctx: GatewayContext): Promise<ModelPolicy> {
    return ctx.policies.of(model);
  }

  @FieldResolver(() => HostingStats, { description: 'Hosting time, units and detections, as the gateway saw them.' })
  hosting(@Root() model: ModelVersion, @Ctx() ctx: GatewayContext): Promise<HostingStats> {
    return ctx.hosting.figures(model);
  }
}
