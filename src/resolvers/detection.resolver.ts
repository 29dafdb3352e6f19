import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { DetectAnomalyResult } from '../schema/detection.type';
import { DetectAnomaliesArgs } from '../schema/detection.args';

@Resolver()
export class DetectionResolver {
  // Nullable: in a request of several aliased detections, one refused image is null with its error, and the others keep their results.
  @Authorized<Role>('inference')
  @Mutation(() => DetectAnomalyResult, {
    nullable: true,
    description:
      'Runs a HOSTED model on one PNG or JPEG image, sent as a GraphQL multipart request. Null, with an error naming this field\'s path, when the image could not be judged; other detections of the same request keep their results. Needs the inference role.',
  })
  detectAnomalies(@Args() args: DetectAnomaliesArgs, @Ctx() ctx: GatewayContext): Promise<DetectAnomalyResult> {
    return ctx.detection.detect(args);
  }
}
