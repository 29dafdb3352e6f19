import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'What a model cost and served while hosted, as this gateway saw it. Unit-minutes are MinInferenceUnits x minutes hosted ' +
    '(units Lookout added by auto-scaling are not visible through its API, so not counted).',
})
export class HostingStats {
  @Field(() => Date, { nullable: true, description: 'When the current hosting session began; null when the model is not hosted.' }) since!: Date | null;
  @Field(() => Int, { nullable: true }) minInferenceUnits!: number | null;
  @Field(() => Int, { nullable: true }) maxInferenceUnits!: number | null;
  @Field(() => Int, { description: 'Detections in the current session, on every gateway replica.' }) detections!: number;
  @Field(() => Int, { description: 'Of those, the anomalous ones.' }) anomalies!: number;
  @Field(() => Date, { nullable: true, description: 'The latest detection, on any replica.' }) lastInferenceAt!: Date | null;
  @Field(() => Float, { description: 'Unit-minutes of the current session.' }) unitMinutes!: number;
  @Field(() => Float, { description: 'Unit-minutes of every session since the gateway first saw the model hosted.' }) totalUnitMinutes!: number;
}
