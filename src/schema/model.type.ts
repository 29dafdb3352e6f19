import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Node } from './node.type';
import { ModelStatus } from './enums';

@ObjectType({ description: 'Evaluation of a trained model on its test images.' })
export class ModelPerformance {
  @Field(() => Float, { nullable: true }) f1Score!: number | null;
  @Field(() => Float, { nullable: true }) precision!: number | null;
  @Field(() => Float, { nullable: true }) recall!: number | null;
}

@ObjectType({ description: 'One trained (or training) version of a project\'s model.', implements: Node })
export class ModelVersion implements Node {
  @Field(() => ID, { description: 'The model\'s ARN.' }) id!: string;
  @Field() project!: string;
  @Field() version!: string;
  @Field() arn!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => ModelStatus) status!: ModelStatus;
  @Field(() => String, { nullable: true }) statusMessage!: string | null;
  @Field() createdAt!: Date;
  @Field(() => ModelPerformance, { nullable: true }) performance!: ModelPerformance | null;

  /**
   * Known only from DescribeModel; `undefined` means "not loaded yet" (the
   * version came from ListModels) and the field resolver loads it on demand.
   */
  @Field(() => Int, { nullable: true, description: 'Inference units the model was started with.' })
  minInferenceUnits?: number | null;
  @Field(() => Int, { nullable: true, description: 'Upper bound for automatic scaling of inference units.' })
  maxInferenceUnits?: number | null;
}

@ObjectType({ description: 'Whether a model version can serve detections now.' })
export class ModelStatusReport {
  @Field() project!: string;
  @Field() version!: string;
  @Field(() => ModelStatus) status!: ModelStatus;
  @Field(() => String, { nullable: true }) statusMessage!: string | null;
  @Field({ description: 'True when the model is HOSTED and accepts detectAnomalies.' }) ready!: boolean;
}

@ObjectType({ description: 'The hosting state a start or stop request moved the model to (with wait: the state it settled in).' })
export class ModelHostingChange {
  @Field() project!: string;
  @Field({ description: 'The version number, also when the request said "latest" or an alias.' }) version!: string;
  @Field(() => ModelStatus) status!: ModelStatus;
  @Field(() => String, { nullable: true }) statusMessage?: string | null;
  @Field({ description: 'True when the model is HOSTED and accepts detectAnomalies.' }) ready?: boolean;
}
