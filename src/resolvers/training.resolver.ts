import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { ModelVersion } from '../schema/model.type';
import { DeleteModelVersionArgs, TrainModelArgs } from '../schema/training.args';
import { LOOKOUT_CALL, oneOf } from './complexity';

@Resolver()
export class TrainingResolver {
  @Authorized<Role>('admin')
  @Mutation(() => ModelVersion, {
    description:
      'Trains a new model version on the project\'s datasets (TRAINING at once; progress in modelStatusChanged; with wait, the version once training has ended). Needs the admin role.',
    complexity: oneOf(2 * LOOKOUT_CALL),
  })
  trainModel(@Args() args: TrainModelArgs, @Ctx() ctx: GatewayContext): Promise<ModelVersion> {
    return ctx.training.train(args);
  }

  @Authorized<Role>('admin')
  @Mutation(() => ModelVersion, { description: 'Deletes a model version that is not hosted and that no alias names (CONFLICT otherwise); answers it as DELETING. Needs the admin role.', complexity: oneOf(2 * LOOKOUT_CALL) })
  deleteModelVersion(@Args() { project, version }: DeleteModelVersionArgs, @Ctx() ctx: GatewayContext): Promise<ModelVersion> {
    return ctx.training.delete(project, version);
  }
}
