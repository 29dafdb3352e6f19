import type { Identity } from '../auth/roles';
import type { StatusWatcher } from '../runtime/model-status';
import type { LookoutApi } from '../services/lookout-api';
import { RequestServices, type ServiceOptions } from '../services/request-services';

/**
 * What every resolver receives: who is calling, the per-request service
 * layer, and the gateway's one status watcher (subscriptions share its pollers).
 */
export type GatewayContext = RequestServices & { identity: Identity; statusWatcher: StatusWatcher };

/** One request's context; its services are made as resolvers first use them. */
export class GatewayRequestContext extends RequestServices {
  constructor(
    api: LookoutApi,
    options: ServiceOptions,
    identity: Identity,
    readonly statusWatcher: StatusWatcher,
  ) {
    super(api, options, identity);
  }
}
