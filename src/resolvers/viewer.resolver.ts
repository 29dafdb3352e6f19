import { Ctx, Query, Resolver } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { Viewer } from '../schema/viewer.type';

@Resolver()
export class ViewerResolver {
  // No Lookout call: the gateway answers from the credentials alone.
  @Authorized<Role>('viewer')
  @Query(() => Viewer, { description: 'Who the credentials sent name, and their role (what a console may offer them).', complexity: 1 })
  viewer(@Ctx() ctx: GatewayContext): Viewer {
    return ctx.viewer.current();
  }
}
