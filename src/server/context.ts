import type { RequestServices } from '../services/request-services';

/** What every resolver receives: the per-request service layer, nothing else. */
export type GatewayContext = RequestServices;
