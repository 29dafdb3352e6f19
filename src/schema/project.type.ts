import { Field, ID, ObjectType } from 'type-graphql';
import { Dataset } from './dataset.type';
import { Node } from './node.type';

@ObjectType({ description: 'A Lookout for Vision project: datasets plus model versions.', implements: Node })
export class Project implements Node {
  @Field(() => ID, { description: 'The project\'s ARN.' }) id!: string;
  @Field() name!: string;
  @Field() arn!: string;
  @Field() createdAt!: Date;

  /** Present when the project came from DescribeProject; otherwise loaded on demand. */
  datasets?: Dataset[];
  /** Set on deleteProject's answer: its fields answer from what the project was, since Lookout no longer has it. */
  deleted?: true;
}
