import { ArgsType, Field } from 'type-graphql';
import { ModelRefArgs } from './model.args';
import { type FileUpload, UploadScalar } from './scalars';

@ArgsType()
export class DetectAnomaliesArgs extends ModelRefArgs {
  @Field(() => UploadScalar, { description: 'A PNG or JPEG image of the size the model was trained on.' })
  file!: Promise<FileUpload>;
}
