import { IsOptional, Min, type ValidationArguments } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { LOOKOUT_LIMITS } from '../lookout/constraints';
import { IsAliasName } from './alias-name.validators';
import { IsModelVersion, IsProjectName, NotBelow } from './lookout-rules.validators';
import { TimeoutSeconds } from './model.args';

const ALIAS_DESCRIPTION = 'The alias: lower-case letters, digits and "-", starting with a letter (e.g. production); never a number nor "latest".';

/** `removeModelAlias(project, alias)`. */
@ArgsType()
export class AliasRefArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;
  @Field({ description: ALIAS_DESCRIPTION }) @IsAliasName() alias!: string;
}

/** `setModelAlias(project, alias, version)`. */
@ArgsType()
export class SetModelAliasArgs extends AliasRefArgs {
  @Field({ description: 'The version the alias is to name: a number, "latest" or another alias (each taken as the number it names now).' })
  @IsModelVersion()
  version!: string;
}

/** `promoteModel(project, version, alias, startFirst, ...)`, in the order. */
@ArgsType()
export class PromoteModelArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;

  @Field({ description: 'The version to promote: a number, "latest" or an alias (e.g. staging), taken as the number it names now.' })
  @IsModelVersion()
  version!: string;

  @Field({ description: ALIAS_DESCRIPTION }) @IsAliasName() alias!: string;

  @Field({
    defaultValue: true,
    description: 'Start the version and wait until it is HOSTED before moving the alias, so detections by the alias never meet a model that is not ready. false: move the alias at once, whatever the version\'s status.',
  })
  startFirst!: boolean;

  @Field({ defaultValue: false, description: 'Once the alias has moved, stop the version it named before (unless another alias still names it).' })
  stopPrevious!: boolean;

  @Field(() => Int, { nullable: true, description: 'Units to start with; default: the units the version runs with if hosted, else those of the version the alias names now, else 1.' })
  @IsOptional()
  @Min(LOOKOUT_LIMITS.inferenceUnits.min, { message: (args: ValidationArguments) => `${args.property} must be an integer of at least ${args.constraints[0]}.` })
  minInferenceUnits?: number | null;

  @Field(() => Int, { nullable: true, description: 'With minInferenceUnits: the most Lookout may scale to.' })
  @IsOptional()
  @NotBelow('minInferenceUnits')
  maxInferenceUnits?: number | null;

  @TimeoutSeconds('With startFirst')
  timeoutSeconds!: number;
}
