import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DatasetType } from './enums';
import { IsProjectName } from './lookout-rules.validators';
import { Node } from './node.type';

export enum ImageLabel {
  NORMAL = 'NORMAL',
  ANOMALY = 'ANOMALY',
  UNLABELED = 'UNLABELED',
}

registerEnumType(ImageLabel, { name: 'ImageLabel', description: 'How an image is labelled in its dataset.' });

@ObjectType({ description: 'One anomaly class of a segmentation mask: the colour its pixels have in the mask.' })
export class AnomalyClass {
  @Field() name!: string;
  @Field({ description: '#RRGGBB' }) color!: string;
}

@ObjectType({ description: 'One image of a dataset, as its manifest line describes it.', implements: Node })
export class DatasetEntry implements Node {
  @Field(() => ID) id!: string;
  @Field({ description: 'Where the image is: s3://bucket/key.' }) sourceRef!: string;
  @Field(() => ImageLabel) label!: ImageLabel;
  @Field(() => String, { nullable: true, description: 'The segmentation mask, s3://bucket/key, for an anomaly with one.' }) maskRef!: string | null;
  @Field(() => [AnomalyClass], { description: 'The mask\'s classes and their colours (empty without a mask).' }) anomalyClasses!: AnomalyClass[];
}

@ObjectType()
export class DatasetEntryEdge {
  @Field({ description: 'Pass as `after` to continue after this entry.' }) cursor!: string;
  @Field(() => DatasetEntry) node!: DatasetEntry;
}

@ObjectType({ description: 'Relay pagination.' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field({ description: 'Whether entries come before this page: true when it was asked for after a cursor.' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: 'A page of dataset entries (Relay connection over ListDatasetEntries).' })
export class DatasetEntryConnection {
  @Field(() => [DatasetEntryEdge]) edges!: DatasetEntryEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType({ description: 'Which entries to list; every given field must hold.' })
export class DatasetEntryFilter {
  @Field({ nullable: true, description: 'Only labelled (true) or unlabelled (false) images.' }) labeled?: boolean;
  @Field(() => ImageLabel, { nullable: true, description: 'Only NORMAL or ANOMALY images.' }) anomalyClass?: ImageLabel;
  @Field({ nullable: true, description: 'Only images whose source-ref contains this text.' }) sourceRefContains?: string;
  @Field({ nullable: true, description: 'Only images added after this moment.' }) after?: Date;
  @Field({ nullable: true, description: 'Only images added before this moment.' }) before?: Date;
}

@ArgsType()
export class DatasetEntriesArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;
  @Field(() => DatasetType, { defaultValue: DatasetType.TRAIN }) dataset!: DatasetType;
  @Field(() => DatasetEntryFilter, { nullable: true }) filter?: DatasetEntryFilter | null;

  @Field(() => Int, { defaultValue: 50, description: 'How many entries (1-100).' })
  @Min(1, { message: 'first must be from 1 to 100.' })
  @Max(100, { message: 'first must be from 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'A cursor from a previous page.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,4096}$/, { message: 'after is not a cursor this API gave out.' })
  after?: string | null;
}

@InputType()
export class RelabelInput {
  @Field({ description: 'The entry\'s source-ref.' }) sourceRef!: string;
  @Field(() => ImageLabel) label!: ImageLabel;
}

@ArgsType()
export class RelabelImagesArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;
  @Field(() => DatasetType, { defaultValue: DatasetType.TRAIN }) dataset!: DatasetType;

  @Field(() => [RelabelInput])
  @ArrayMinSize(1, { message: 'changes must name at least one image.' })
  @ArrayMaxSize(100, { message: 'changes may name at most 100 images per call.' })
  changes!: RelabelInput[];
}

@ArgsType()
export class DatasetRefArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;
  @Field(() => DatasetType, { description: 'TRAIN or TEST; no default, as the dataset goes.' }) dataset!: DatasetType;
}

@ArgsType()
export class RemoveImagesArgs {
  @Field({ description: 'Project name.' }) @IsProjectName() project!: string;
  @Field(() => DatasetType, { defaultValue: DatasetType.TRAIN }) dataset!: DatasetType;

  @Field(() => [String], { description: 'The source-refs of the images to remove.' })
  @ArrayMinSize(1, { message: 'sourceRefs must name at least one image.' })
  @ArrayMaxSize(1000, { message: 'sourceRefs may name at most 1000 images per call.' })
  sourceRefs!: string[];
}
