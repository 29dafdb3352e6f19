import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { ModelHostingChange, ModelVersion } from '../schema/model.type';
import { Node } from '../schema/node.type';
import { LOOKOUT_CALL, oneOf } from './complexity';

@Resolver()
export class NodeResolver {
  @Authorized<Role>('viewer')
  @Query(() => Node, { nullable: true, description: 'The object with this id (a project, model version, dataset...), or null when it no longer exists.', complexity: oneOf(LOOKOUT_CALL) })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Node | null> {
    return ctx.nodes.find(id);
  }
}

/** A start or stop answers the changed model too, so client caches update without a refetch. */
@Resolver(() => ModelHostingChange)
export class HostingChangeResolver {
  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The model version as it is now.', complexity: oneOf(LOOKOUT_CALL) })
  modelVersion(@Root() change: ModelHostingChange, @Ctx() ctx: GatewayContext): Promise<ModelVersion | null> {
    return ctx.models.get(change.project, change.version);
  }
}
