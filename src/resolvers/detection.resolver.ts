import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { DetectAnomalyResult } from '../schema/detection.type';
import { DetectAnomaliesArgs } from '../schema/detection.args';

@Resolver()
export class DetectionResolver {
  @Authorized<Role>('inference')
  @Mutation(() => DetectAnomalyResult, {
    description: 'Runs a HOSTED model on one PNG or JPEG image, sent as a GraphQL multipart request. Needs the inference role.',
  })
  detectAnomalies(@Args() args: DetectAnomaliesArgs, @Ctx() ctx: GatewayContext): Promise<DetectAnomalyResult> {
    return ctx.detection.detect(args);
  }
}
