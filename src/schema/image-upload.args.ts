import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { ImageLabel } from './dataset-entry.type';
import { DatasetType } from './enums';
import { IsProjectName } from './lookout-rules.validators';
import { type FileUpload, UploadScalar } from './scalars';

@InputType({ description: 'A class of a segmentation mask: the colour its pixels have.' })
export class AnomalyClassInput {
  @Field({ description: '1-256 letters or digits, e.g. cracked.' }) name!: string;
  @Field({ description: '#RRGGBB, e.g. #23A436.' }) color!: string;
}

@InputType({ description: 'One image to add, with its label, and for a segmentation dataset its mask.' })
export class ImageInput {
  @Field(() => UploadScalar, { description: 'A PNG or JPEG image, of the size of the dataset\'s images.' }) file!: Promise<FileUpload>;
  @Field(() => ImageLabel, { defaultValue: ImageLabel.UNLABELED }) label!: ImageLabel;
  @Field(() => UploadScalar, { nullable: true, description: 'ANOMALY images only: a PNG of the image\'s size, each anomaly class in its colour.' }) mask?: Promise<FileUpload> | null;
  @Field(() => [AnomalyClassInput], { nullable: true, description: 'With a mask: the class of each colour in it.' }) anomalyClasses?: AnomalyClassInput[] | null;
}

/** Images of one addImages call; with masks, files are twice as many. */
export const MAX_IMAGES_PER_CALL = 100;

@ArgsType()
export class AddImagesArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;
  @Field(() => DatasetType, { defaultValue: DatasetType.TRAIN }) dataset!: DatasetType;

  @Field(() => [ImageInput])
  @ArrayMinSize(1, { message: 'images must hold at least one image.' })
  @ArrayMaxSize(MAX_IMAGES_PER_CALL, { message: `images may hold at most ${MAX_IMAGES_PER_CALL} images per call.` })
  images!: ImageInput[];

  @Field(() => Int, { defaultValue: 600, description: 'How long to wait for Lookout to take the images in (1-3600 s).' })
  @IsOptional()
  @Min(1, { message: 'timeoutSeconds must be from 1 to 3600.' })
  @Max(3600, { message: 'timeoutSeconds must be from 1 to 3600.' })
  timeoutSeconds!: number;
}
