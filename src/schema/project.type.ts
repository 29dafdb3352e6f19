import { Field, ObjectType } from 'type-graphql';
import { Dataset } from './dataset.type';

@ObjectType({ description: 'A Lookout for Vision project: datasets plus model versions.' })
export class Project {
  @Field() name!: string;
  @Field() arn!: string;
  @Field() createdAt!: Date;

  /** Present when the project came from DescribeProject; otherwise loaded on demand. */
  datasets?: Dataset[];
}
