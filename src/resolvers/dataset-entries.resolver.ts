import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { Dataset } from '../schema/dataset.type';
import { DatasetEntriesArgs, DatasetEntryConnection, DatasetRefArgs, RelabelImagesArgs, RemoveImagesArgs } from '../schema/dataset-entry.type';
import { AddImagesArgs } from '../schema/image-upload.args';
import { LOOKOUT_CALL, oneOf } from './complexity';

@Resolver()
export class DatasetEntriesResolver {
  @Authorized<Role>('viewer')
  @Query(() => DatasetEntryConnection, { description: 'A page of a dataset\'s images with their labels (Relay connection).', complexity: ({ args, childComplexity }) => LOOKOUT_CALL + Number(args.first ?? 50) * childComplexity })
  datasetEntries(@Args() args: DatasetEntriesArgs, @Ctx() ctx: GatewayContext): Promise<DatasetEntryConnection> {
    return ctx.datasets.entries(args);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Dataset, {
    description:
      'Adds uploaded images (a GraphQL multipart request) to a dataset, creating it if needed; answers the dataset once Lookout has taken them in. A file refused at index k, or an import Lookout refuses, leaves the dataset as it was. Needs the admin role.',
    complexity: oneOf(6 * LOOKOUT_CALL),
  })
  addImages(@Args() args: AddImagesArgs, @Ctx() ctx: GatewayContext): Promise<Dataset> {
    return ctx.uploads.add(args, args.timeoutSeconds);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Dataset, {
    description:
      'Removes images from a dataset. Lookout cannot remove entries, so the dataset is made again without them (its full manifest kept in S3 first). Needs the admin role.',
    complexity: oneOf(10 * LOOKOUT_CALL),
  })
  removeImages(@Args() args: RemoveImagesArgs, @Ctx() ctx: GatewayContext): Promise<Dataset> {
    return ctx.uploads.remove(args);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Dataset, {
    description:
      'Deletes a dataset and its entries, as Lookout\'s DeleteDataset (the images stay in S3): for instance a test dataset too small to train with. Its manifest is written to S3 first, under the dataset\'s storage prefix (manifests/<time>-<id>-deleted.jsonl), so the images can be imported again. Answers the dataset as it was; CONFLICT while it is being created or updated. Needs the admin role.',
    complexity: oneOf(4 * LOOKOUT_CALL),
  })
  deleteDataset(@Args() args: DatasetRefArgs, @Ctx() ctx: GatewayContext): Promise<Dataset> {
    return ctx.uploads.deleteDataset(args);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Dataset, {
    description: 'Gives images of a dataset new labels (NORMAL, ANOMALY, UNLABELED); answers the dataset once Lookout has applied them. Needs the admin role.',
    complexity: oneOf(20 * LOOKOUT_CALL),
  })
  relabelImages(@Args() args: RelabelImagesArgs, @Ctx() ctx: GatewayContext): Promise<Dataset> {
    return ctx.datasets.relabel(args);
  }
}
