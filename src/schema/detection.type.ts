import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where the analysed image came from.' })
export class ImageSource {
  @Field({ description: '"direct" for an image sent in the request.' }) type!: string;
}

@ObjectType({ description: 'Share of the image covered by one anomaly class.' })
export class PixelAnomaly {
  @Field(() => Float, { description: 'Share of the image this class covers, from 0 to 1, as Lookout reports it.' }) totalPercentageArea!: number;
  @Field({ description: 'Colour of the class in the anomaly mask, #RRGGBB.' }) color!: string;
}

@ObjectType({ description: 'One anomaly class found by a segmentation model.' })
export class Anomaly {
  @Field() name!: string;
  @Field(() => PixelAnomaly, { nullable: true }) pixelAnomaly!: PixelAnomaly | null;
}

@ObjectType({ description: 'The verdict of a model on one image.' })
export class DetectAnomalyResult {
  @Field({ description: 'The model version that judged the image: its number, also when it was asked for by an alias or "latest".' }) version!: string;
  @Field() isAnomalous!: boolean;
  @Field(() => Float, { description: 'Confidence of the verdict, 0 to 1.' }) confidence!: number;
  @Field(() => ImageSource) source!: ImageSource;
  @Field(() => [Anomaly], { description: 'Segmentation models only: background first, then each class.' })
  anomalies!: Anomaly[];
  @Field(() => String, { nullable: true, description: 'Segmentation models only: the mask PNG, base64.' })
  anomalyMask!: string | null;
}
