import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One start, stop, policy change or automatic action on a model.' })
export class ModelEvent {
  @Field() at!: Date;
  @Field({ description: 'Who: the API key\'s name, the JWT subject, or "policy" for an automatic action.' }) actor!: string;
  @Field({ description: 'start, stop, set-policy, idle-stop, scheduled-start or scheduled-stop.' }) action!: string;
  @Field(() => String, { nullable: true, description: 'The model\'s status before.' }) fromStatus!: string | null;
  @Field({ description: 'The status it led to, or the error code it ended with.' }) result!: string;
  @Field(() => String, { nullable: true }) detail!: string | null;
}
