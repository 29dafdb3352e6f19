import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../server/context';
import { DetectAnomalyResult } from '../schema/detection.type';
import { DetectAnomaliesArgs } from '../schema/detection.args';

@Resolver()
export class DetectionResolver {
  @Mutation(() => DetectAnomalyResult, {
    description: 'Runs a HOSTED model on one PNG or JPEG image, sent as a GraphQL multipart request.',
  })
  detectAnomalies(@Args() args: DetectAnomaliesArgs, @Ctx() ctx: GatewayContext): Promise<DetectAnomalyResult> {
    return ctx.detection.detect(args);
  }
}
