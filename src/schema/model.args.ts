import { IsOptional, Min, type ValidationArguments } from 'class-validator';
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
  @Field({ description: 'A version number, or "latest".' }) @IsModelVersion() version!: string;
}

const CLIENT_TOKEN_DESCRIPTION = 'Idempotency token: a retry with the same token is not applied twice.';

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
}

@ArgsType()
export class StopModelArgs extends ModelRefArgs {
  @Field(() => String, { nullable: true, description: CLIENT_TOKEN_DESCRIPTION })
  @IsOptional()
  @IsClientToken()
  clientToken?: string | null;
}
