import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from './node.type';
import { DatasetType } from './enums';

@ObjectType({ description: 'Image counts of a dataset.' })
export class DatasetImageStats {
  @Field(() => Int) total!: number;
  @Field(() => Int) labeled!: number;
  @Field(() => Int) normal!: number;
  @Field(() => Int) anomaly!: number;
}

@ObjectType({ description: 'The training or test images of a project.', implements: Node })
export class Dataset implements Node {
  @Field(() => ID) id!: string;
  /** Project the dataset belongs to; used to load its image stats. */
  projectName!: string;

  @Field(() => DatasetType) type!: DatasetType;
  @Field({ description: 'CREATE_COMPLETE, UPDATE_IN_PROGRESS, ... as Lookout reports it.' }) status!: string;
  @Field(() => String, { nullable: true }) statusMessage!: string | null;
  @Field() createdAt!: Date;

  /** Set on the answer of a delete: the image counts as they were, since Lookout no longer has them. */
  imageStatsAsItWas?: DatasetImageStats | null;
}
