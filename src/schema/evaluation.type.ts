import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Images of the evaluation by the truth and the model\'s verdict, anomaly being the positive class.' })
export class ConfusionCounts {
  @Field(() => Int, { description: 'Anomalous images found anomalous.' }) tp!: number;
  @Field(() => Int, { description: 'Normal images found anomalous.' }) fp!: number;
  @Field(() => Int, { description: 'Normal images found normal.' }) tn!: number;
  @Field(() => Int, { description: 'Anomalous images found normal.' }) fn!: number;
}

@ObjectType({
  description:
    'How a trained version did on its test images (or, without a test dataset, on held-out training images), from the evaluation result its training wrote to S3. ' +
    'A figure the result does not give is null: Amazon Lookout\'s own results have no threshold nor confusion counts.',
})
export class ModelEvaluation {
  @Field(() => Float, { nullable: true, description: 'Image score above which the model calls an image anomalous.' }) threshold!: number | null;
  @Field(() => Float, { nullable: true, description: 'Area under the ROC curve, 0 to 1; null without both normal and anomalous images.' }) rocAuc!: number | null;
  @Field(() => Float, { nullable: true, description: 'Average precision of ranking anomalies first, 0 to 1.' }) averagePrecision!: number | null;
  @Field(() => ConfusionCounts, { nullable: true, description: 'The counts performance was computed from; they sum to imagesTested.' }) confusion!: ConfusionCounts | null;
  @Field(() => Int, { nullable: true, description: 'Images the figures were measured on.' }) imagesTested!: number | null;
  @Field(() => Date, { nullable: true, description: 'When the evaluation ended.' }) evaluatedAt!: Date | null;
}
