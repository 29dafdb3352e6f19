import { IsOptional, Max, Min, type ValidationArguments } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { LOOKOUT_LIMITS } from '../lookout/constraints';
import { IsClientToken, IsModelVersion, IsProjectName, NotBelow } from './lookout-rules.validators';

/** `modelVersions(project:)`: the project whose versions to list. */
@ArgsType()
export class ProjectModelsArgs {
  @Field() @IsProjectName() project!: string;
}

/** `Project.modelVersion(version:)`: the project is the parent object. */
@ArgsType()
export class VersionOfProjectArgs {
  @Field() @IsModelVersion() version!: string;
}

@ArgsType()
export class ModelRefArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;
  @Field({ description: 'A version number, "latest", or an alias name (e.g. production).' }) @IsModelVersion() version!: string;
}

const CLIENT_TOKEN_DESCRIPTION = 'Idempotency token: a retry with the same token is not applied twice.';

/** The longest a mutation may wait for its model to settle. */
export const MAX_WAIT_SECONDS = 3600;

/** `timeoutSeconds` of the mutations that wait (`condition`: when they do): its field and its range, in one place. */
export function TimeoutSeconds(condition = 'With wait'): PropertyDecorator {
  const message = `timeoutSeconds must be from 1 to ${MAX_WAIT_SECONDS}.`;
  const parts = [
    Field(() => Int, { defaultValue: 600, description: `${condition}: give up after this many seconds (1-${MAX_WAIT_SECONDS}) with code TIMEOUT naming the last status.` }),
    Min(1, { message }),
    Max(MAX_WAIT_SECONDS, { message }),
  ];
  return (target, key) => parts.forEach((decorate) => decorate(target, key));
}

@ArgsType()
export class StartModelArgs extends ModelRefArgs {
  // GraphQL's Int already refuses fractions; only the floor is left to check.
  @Field(() => Int, { defaultValue: 1, description: 'Inference units to start with (each is billed per hour).' })
  @Min(LOOKOUT_LIMITS.inferenceUnits.min, { message: (args: ValidationArguments) => `${args.property} must be an integer of at least ${args.constraints[0]}.` })
  minInferenceUnits!: number;

  @Field(() => Int, { nullable: true, description: 'Lookout may scale up to this many units under load.' })
  @IsOptional()
  @NotBelow('minInferenceUnits')
  maxInferenceUnits?: number | null;

  @Field(() => String, { nullable: true, description: CLIENT_TOKEN_DESCRIPTION })
  @IsOptional()
  @IsClientToken()
  clientToken?: string | null;

  @Field({ defaultValue: false, description: 'Return once the model is HOSTED (or HOSTING_FAILED), not at once.' })
  wait!: boolean;

  @TimeoutSeconds()
  timeoutSeconds!: number;
}

@ArgsType()
export class StopModelArgs extends ModelRefArgs {
  @Field(() => String, { nullable: true, description: CLIENT_TOKEN_DESCRIPTION })
  @IsOptional()
  @IsClientToken()
  clientToken?: string | null;

  @Field({ defaultValue: false, description: 'Return once the model is TRAINED again, not at once.' })
  wait!: boolean;

  @TimeoutSeconds()
  timeoutSeconds!: number;
}

/** `modelEvents(project, version, last)`. */
@ArgsType()
export class ModelEventsArgs extends ModelRefArgs {
  @Field(() => Int, { defaultValue: 20, description: 'How many of the newest events (1-200).' })
  @Min(1, { message: 'last must be from 1 to 200.' })
  @Max(200, { message: 'last must be from 1 to 200.' })
  last!: number;
}
