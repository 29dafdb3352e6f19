import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DatasetEntry } from '../schema/dataset-entry.type';
import { ThumbnailArgs } from '../schema/thumbnail.args';
import type { GatewayContext } from '../server/context';
import { LOOKOUT_CALL, oneOf } from './complexity';

/** Small copies of an entry's image and mask, for a console's grid (viewer role, like the entry itself). */
@Resolver(() => DatasetEntry)
export class DatasetEntryThumbnailResolver {
  // One S3 GetObject each, and the scaling.
  @FieldResolver(() => String, {
    description: 'The image scaled to fit maxSize x maxSize, as a data: URL (JPEG). Read through S3 up to MAX_UPLOAD_BYTES.',
    complexity: oneOf(LOOKOUT_CALL),
  })
  thumbnail(@Root() entry: DatasetEntry, @Args() { maxSize }: ThumbnailArgs, @Ctx() ctx: GatewayContext): Promise<string> {
    return ctx.thumbnails.image(entry.sourceRef, maxSize);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The segmentation mask scaled like thumbnail, as a data: URL (PNG, each class keeping its colour); null without a mask.',
    complexity: oneOf(LOOKOUT_CALL),
  })
  maskThumbnail(@Root() entry: DatasetEntry, @Args() { maxSize }: ThumbnailArgs, @Ctx() ctx: GatewayContext): Promise<string | null> {
    return entry.maskRef ? ctx.thumbnails.mask(entry.maskRef, maxSize) : Promise.resolve(null);
  }
}
