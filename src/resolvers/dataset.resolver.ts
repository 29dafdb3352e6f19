import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../server/context';
import { Dataset, DatasetImageStats } from '../schema/dataset.type';
import { LOOKOUT_CALL, oneOf } from './complexity';

@Resolver(() => Dataset)
export class DatasetResolver {
  @FieldResolver(() => DatasetImageStats, { nullable: true, complexity: oneOf(LOOKOUT_CALL) })
  imageStats(@Root() dataset: Dataset, @Ctx() ctx: GatewayContext): Promise<DatasetImageStats | null> {
    return ctx.projects.imageStats(dataset);
  }
}
