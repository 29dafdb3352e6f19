import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class ModelRefArgs {
  @Field({ description: 'Project name.' }) project!: string;
  @Field({ description: 'A version number, or "latest".' }) version!: string;
}

@ArgsType()
export class StartModelArgs extends ModelRefArgs {
  @Field(() => Int, { defaultValue: 1, description: 'Inference units to start with (each is billed per hour).' })
  minInferenceUnits!: number;

  @Field(() => Int, { nullable: true, description: 'Lookout may scale up to this many units under load.' })
  maxInferenceUnits?: number | null;

  @Field(() => String, { nullable: true, description: 'Idempotency token: a retry with the same token is not applied twice.' })
  clientToken?: string | null;
}

@ArgsType()
export class StopModelArgs extends ModelRefArgs {
  @Field(() => String, { nullable: true, description: 'Idempotency token: a retry with the same token is not applied twice.' })
  clientToken?: string | null;
}
