import { Max, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

export const THUMBNAIL_SIZES = { min: 16, max: 512, default: 128 } as const;

@ArgsType()
export class ThumbnailArgs {
  @Field(() => Int, { defaultValue: THUMBNAIL_SIZES.default, description: `Longest side in pixels (${THUMBNAIL_SIZES.min}-${THUMBNAIL_SIZES.max}); a smaller image is not enlarged.` })
  @Min(THUMBNAIL_SIZES.min, { message: `maxSize must be from ${THUMBNAIL_SIZES.min} to ${THUMBNAIL_SIZES.max}.` })
  @Max(THUMBNAIL_SIZES.max, { message: `maxSize must be from ${THUMBNAIL_SIZES.min} to ${THUMBNAIL_SIZES.max}.` })
  maxSize!: number;
}
