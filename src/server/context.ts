import type { Identity } from '../auth/roles';
import type { RequestServices } from '../services/request-services';

/** What every resolver receives: who is calling, and the per-request service layer. */
export type GatewayContext = RequestServices & { identity: Identity };
