import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { LOOKOUT_RULES } from '../lookout/constraints';
import { FollowsLookoutRule, IsProjectName } from './lookout-rules.validators';

/** Training seldom takes more than an hour on the engine; on AWS it may take several. */
export const MAX_TRAINING_WAIT_SECONDS = 6 * 3600;

@ArgsType()
export class TrainModelArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;

  @Field(() => String, { nullable: true, description: 'Up to 500 letters, digits, ".", "-" or "_".' })
  @IsOptional()
  @FollowsLookoutRule(LOOKOUT_RULES.modelDescription, '1-500 letters, digits, ".", "-" or "_"')
  description?: string | null;

  @Field({ defaultValue: false, description: 'Return once training has ended (TRAINED or TRAINING_FAILED), not at once.' })
  wait!: boolean;

  @Field(() => Int, { defaultValue: 3600, description: `With wait: give up after this many seconds (1-${MAX_TRAINING_WAIT_SECONDS}) with code TIMEOUT.` })
  @Min(1, { message: `timeoutSeconds must be from 1 to ${MAX_TRAINING_WAIT_SECONDS}.` })
  @Max(MAX_TRAINING_WAIT_SECONDS, { message: `timeoutSeconds must be from 1 to ${MAX_TRAINING_WAIT_SECONDS}.` })
  timeoutSeconds!: number;
}

@ArgsType()
export class DeleteModelVersionArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;
  @Field({ description: 'A version number (not "latest": a deletion names what it deletes).' })
  @FollowsLookoutRule(LOOKOUT_RULES.modelVersionNoLatest, 'a positive integer without leading zeros')
  version!: string;
}
