import { Field, ObjectType } from 'type-graphql';
import { ModelStatus } from './enums';

@ObjectType({ description: 'A model version\'s status as the gateway saw it, sent by modelStatusChanged.' })
export class ModelStatusChange {
  @Field() project!: string;
  @Field({ description: 'The version number ("latest" or an alias is resolved when the subscription starts).' }) version!: string;
  @Field(() => ModelStatus) status!: ModelStatus;
  @Field(() => String, { nullable: true }) statusMessage!: string | null;
  @Field({ description: 'True when the model is HOSTED and accepts detectAnomalies.' }) ready!: boolean;
  @Field({ description: 'When a replica of the gateway saw this status.' }) at!: Date;
}
