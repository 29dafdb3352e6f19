import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One start, stop, policy change, alias change or automatic action on a model.' })
export class ModelEvent {
  @Field() at!: Date;
  @Field({ description: 'Who: the API key\'s name, the JWT subject, or "policy" for an automatic action.' }) actor!: string;
  @Field({ description: 'start, stop, set-policy, idle-stop, scheduled-start, scheduled-stop, set-alias, remove-alias or promote.' }) action!: string;
  @Field(() => String, { nullable: true, description: 'The model\'s status before.' }) fromStatus!: string | null;
  @Field({ description: 'The status it led to, or the error code it ended with.' }) result!: string;
  @Field(() => String, { nullable: true, description: 'More to know: the policy set, the error\'s message, or an alias\'s move ("production: 1 -> 2").' }) detail!: string | null;
}
