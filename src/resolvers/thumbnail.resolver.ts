import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DatasetEntry } from '../schema/dataset-entry.type';
import { ThumbnailArgs } from '../schema/thumbnail.args';
import type { GatewayContext } from '../server/context';
import { ErrorCode } from '../services/error-codes';
import { hasCode } from '../services/gateway-error';
import { LOOKOUT_CALL, oneOf } from './complexity';

/** Small copies of an entry's image and mask, for a console's grid (viewer role, like the entry itself). */
@Resolver(() => DatasetEntry)
export class DatasetEntryThumbnailResolver {
  // One S3 GetObject each, and the scaling.
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The image scaled to fit maxSize x maxSize, as a data: URL (JPEG). Read through S3 up to MAX_UPLOAD_BYTES; null when S3 no longer has it, or has something larger or no image there (one such entry must not blank a page of them).',
    complexity: oneOf(LOOKOUT_CALL),
  })
  thumbnail(@Root() entry: DatasetEntry, @Args() { maxSize }: ThumbnailArgs, @Ctx() ctx: GatewayContext): Promise<string | null> {
    return orNullWhenUnreadable(ctx.thumbnails.image(entry.sourceRef, maxSize));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The segmentation mask scaled like thumbnail, as a data: URL (PNG, each class keeping its colour); null without a mask, or when it cannot be read (as thumbnail).',
    complexity: oneOf(LOOKOUT_CALL),
  })
  maskThumbnail(@Root() entry: DatasetEntry, @Args() { maxSize }: ThumbnailArgs, @Ctx() ctx: GatewayContext): Promise<string | null> {
    return entry.maskRef ? orNullWhenUnreadable(ctx.thumbnails.mask(entry.maskRef, maxSize)) : Promise.resolve(null);
  }
}

/**
 * What S3 holds for an entry may be gone, too large or no image: that entry
 * has no thumbnail. S3 being unreachable, or refusing the gateway, is still
 * an error the caller should see.
 */
async function orNullWhenUnreadable(thumbnail: Promise<string>): Promise<string | null> {
  try {
    return await thumbnail;
  } catch (error) {
    if (hasCode(error, ErrorCode.NOT_FOUND) || hasCode(error, ErrorCode.UPSTREAM_ERROR)) return null;
    throw error;
  }
}
