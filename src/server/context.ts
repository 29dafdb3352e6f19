import type { Identity } from '../auth/roles';
import type { StatusWatcher } from '../runtime/model-status';
import type { RequestServices } from '../services/request-services';

/**
 * What every resolver receives: who is calling, the per-request service
 * layer, and the gateway's one status watcher (subscriptions share its pollers).
 */
export type GatewayContext = RequestServices & { identity: Identity; statusWatcher: StatusWatcher };
