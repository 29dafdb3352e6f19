import { ArgsType, Field } from 'type-graphql';
import { IsProjectName } from './lookout-rules.validators';

/** `project(name:)`. */
@ArgsType()
export class ProjectByNameArgs {
  @Field() @IsProjectName() name!: string;
}
