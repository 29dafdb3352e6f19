import { Args, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { StatusSnapshot } from '../runtime/model-status';
import { StatusStream } from '../runtime/status-stream';
import { ModelStatus } from '../schema/enums';
import { ModelRefArgs } from '../schema/model.args';
import { ModelStatusChange } from '../schema/model-status-change.type';
import { validateArgs } from '../schema/validate-args';
import type { GatewayContext } from '../server/context';
import { ErrorCode } from '../services/error-codes';
import { gatewayError } from '../services/gateway-error';

@Resolver()
export class ModelStatusResolver {
  @Authorized<Role>('viewer')
  @Subscription(() => ModelStatusChange, {
    description:
      'The model version\'s status now, then each change of its status or statusMessage, until unsubscribed. Over graphql-ws on /graphql. ' +
      '"latest" is the latest version, and an alias the version it names, when the subscription starts. NOT_FOUND when the model does not exist (or no longer does).',
    subscribe: (data: SubscribeResolverData<unknown, ModelRefArgs, GatewayContext>) => watchModelStatus(data),
  })
  modelStatusChanged(@Root() snapshot: StatusSnapshot, @Args() _model: ModelRefArgs): ModelStatusChange {
    return { ...snapshot, ready: snapshot.status === ModelStatus.HOSTED };
  }
}

/**
 * The subscription's source of events. type-graphql validates the
 * resolver's arguments, per event, but not those of a custom `subscribe`, so
 * they are checked here the same way first. The stream is handed over once
 * the first status is in, so a model that does not exist is refused with
 * NOT_FOUND before the subscription starts.
 */
async function watchModelStatus({ source, args, context, info }: SubscribeResolverData<unknown, ModelRefArgs, GatewayContext>): Promise<StatusStream> {
  await validateArgs(Object.assign(new ModelRefArgs(), args), ModelRefArgs, { root: source, args, context, info });
  // An alias, like "latest", names one version for the life of the subscription: a promotion meanwhile does not move it.
  const version = args.version === 'latest' ? await latestVersion(args.project, context) : await context.versions.resolve(args.project, args.version);
  const stream = new StatusStream(context.statusWatcher, { project: args.project, version });
  try {
    await stream.started();
  } catch (error) {
    await stream.return();
    throw error;
  }
  return stream;
}

/** "latest" means one version for the life of the subscription: a newer one trained meanwhile is another model. */
async function latestVersion(project: string, context: GatewayContext): Promise<string> {
  const latest = await context.models.get(project, 'latest');
  if (!latest) throw gatewayError(ErrorCode.NOT_FOUND, `Project ${project} has no model version.`, { resourceId: `${project}/latest`, resourceType: 'MODEL' });
  return latest.version;
}
