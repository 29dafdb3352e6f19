import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ModelEvaluation } from '../schema/evaluation.type';
import { ModelVersion } from '../schema/model.type';
import type { GatewayContext } from '../server/context';
import { LOOKOUT_CALL, oneOf } from './complexity';

@Resolver(() => ModelVersion)
export class EvaluationResolver {
  // DescribeModel (shared with the version's other fields) and one S3 GetObject.
  @FieldResolver(() => ModelEvaluation, {
    nullable: true,
    description: 'The evaluation its training wrote to S3, to compare versions side by side; null until the version is trained.',
    complexity: oneOf(2 * LOOKOUT_CALL),
  })
  evaluation(@Root() model: ModelVersion, @Ctx() ctx: GatewayContext): Promise<ModelEvaluation | null> {
    return ctx.evaluations.of(model);
  }
}
