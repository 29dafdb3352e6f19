import { LookoutVisionServiceException, type LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { ArrivingBytes } from '../util/read-bounded';
import type { GatewayMetrics } from './metrics';
import { REQUEST_ID_HEADER, currentRequest } from './request-id';

let instrumented = 0;

/**
 * Two SDK middlewares on the gateway's Lookout client:
 * - at `initialize` (around the whole call, retries included), counting and
 *   timing each call by command and outcome, and each detection by model;
 * - at `build` (before `finalizeRequest`, where retries re-sign each attempt),
 *   the request id as an `x-request-id` header, so SigV4 signs it like any
 *   other header and Lookout's logs can be matched with ours.
 * Returns the function that takes them off again (at gateway stop: tests
 * build several gateways over one client).
 */
export function instrumentLookoutClient(client: LookoutVisionClient, metrics: GatewayMetrics): () => void {
  const suffix = ++instrumented;
  const names = [`gatewayUpstreamMetrics${suffix}`, `gatewayRequestIdHeader${suffix}`];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName).replace(/Command$/, '');
      const detection = operation === 'DetectAnomalies' ? (args.input as { ProjectName?: string; ModelVersion?: string; Body?: unknown }) : undefined;
      const streamed = detection?.Body instanceof ArrivingBytes ? detection.Body : undefined;
      const started = performance.now();
      // A streamed image's call starts while the client is still uploading: timed from its last byte.
      const seconds = () => (performance.now() - Math.max(started, streamed?.arrivedAt ?? started)) / 1000;
      try {
        const result = await next(args);
        metrics.observeUpstreamCall(operation, 'ok', seconds());
        if (detection) {
          const anomalous = (result.output as { DetectAnomalyResult?: { IsAnomalous?: boolean } }).DetectAnomalyResult?.IsAnomalous === true;
          metrics.countDetection(String(detection.ProjectName), String(detection.ModelVersion), anomalous);
        }
        return result;
      } catch (error) {
        // A call the gateway aborted because the client's upload failed is the client's failure, not Lookout's.
        if (!streamed?.failed.aborted) metrics.observeUpstreamCall(operation, upstreamOutcome(error), seconds());
        throw error;
      } finally {
        // Counted once the call is over: a streamed image is only known in full then (and one cut off is no image).
        if (detection?.Body && !streamed?.failed.aborted) metrics.countUploadBytes(streamed ? streamed.received : byteLength(detection.Body));
      }
    },
    { step: 'initialize', priority: 'high', name: names[0] },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = currentRequest();
      const http = args.request as { headers?: Record<string, string> } | undefined;
      if (request && http?.headers) http.headers[REQUEST_ID_HEADER] = request.requestId;
      return next(args);
    },
    { step: 'build', name: names[1] },
  );
  return () => {
    for (const name of names) client.middlewareStack.remove(name);
  };
}

/**
 * A failed call's label, from a bounded set: the exception class the SDK
 * built (Lookout's own errors), `AbortError` (the SDK's name for a call
 * aborted, as the gateway's deadline does; `TimeoutError` where the reason's
 * own name comes through), or Node's network error code. An error code
 * Lookout sends that the SDK has no class for is named by the base class,
 * not by the code, which the endpoint chooses.
 */
export function upstreamOutcome(error: unknown): string {
  if (error instanceof LookoutVisionServiceException) return error.constructor === LookoutVisionServiceException ? 'LookoutVisionServiceException' : error.name;
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return name;
  if (typeof code === 'string' && /^(E[A-Z]{2,20}|UND_ERR_[A-Z_]{1,30})$/.test(code)) return code;
  return 'OtherError';
}

function byteLength(body: unknown): number {
  return body instanceof Uint8Array ? body.byteLength : 0;
}
