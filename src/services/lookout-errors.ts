import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  LookoutVisionServiceException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-lookoutvision';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';

/** What this module reads of a failure that is not one of the SDK's exception classes. */
interface OtherFailureShape {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { requestId?: string; httpStatusCode?: number };
}

/**
 * The one place where errors of the Lookout SDK client become GraphQL errors.
 * Client-fault messages come from Lookout and describe the caller's own input,
 * so they are passed on; anything that could name credentials, hosts or
 * internals (access denied, network, SDK internals) gets a fixed message.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof LookoutVisionServiceException) return fromLookoutException(error);
  const e = (typeof error === 'object' && error !== null ? error : {}) as OtherFailureShape;
  const upstreamRequestId = e.$metadata?.requestId;
  if (isNetworkOrSdkSideFailure(e)) {
    return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The Lookout endpoint cannot be reached.', { upstreamRequestId });
  }
  // An answer the SDK could not read (a proxy's error page, a cut body): it
  // has an HTTP status but no exception class.
  if (e.$metadata?.httpStatusCode !== undefined) return unexpectedAnswer(e, upstreamRequestId);
  // Not a Lookout answer at all: a bug on our side. formatError logs the
  // original and shows the client nothing of it.
  return new GraphQLError('Internal server error.', {
    originalError: error instanceof Error ? error : undefined,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  });
}

/** An error Lookout answered with, by the SDK's exception class. */
function fromLookoutException(e: LookoutVisionServiceException): GraphQLError {
  const upstreamRequestId = e.$metadata?.requestId;
  const message = e.message.length > 0 ? e.message : undefined;
  const resource = (r: { ResourceId?: string; ResourceType?: string }) => ({ resourceId: r.ResourceId, resourceType: r.ResourceType, upstreamRequestId });

  if (e instanceof ResourceNotFoundException) return gatewayError(ErrorCode.NOT_FOUND, message ?? 'The resource does not exist.', resource(e));
  if (e instanceof ConflictException) return gatewayError(ErrorCode.CONFLICT, message ?? 'The resource is in a conflicting state.', resource(e));
  if (e instanceof ValidationException) return gatewayError(ErrorCode.BAD_USER_INPUT, message ?? 'Lookout rejected the input.', { upstreamRequestId });
  if (e instanceof AccessDeniedException) {
    return gatewayError(ErrorCode.FORBIDDEN, 'The gateway is not allowed to perform this Lookout operation.', { upstreamRequestId });
  }
  if (e instanceof ThrottlingException) {
    return gatewayError(ErrorCode.THROTTLED, 'Lookout is throttling requests; retry later.', { upstreamRequestId, retryAfterSeconds: e.RetryAfterSeconds ?? 1 });
  }
  if (e instanceof ServiceQuotaExceededException) {
    return gatewayError(ErrorCode.QUOTA_EXCEEDED, message ?? 'A Lookout service quota is exhausted.', resource(e));
  }
  if (e instanceof InternalServerException) {
    return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, LOOKOUT_FAILED, { upstreamRequestId, retryAfterSeconds: e.RetryAfterSeconds });
  }
  // An error code Lookout's API model does not name: the SDK answers it with the base class.
  return unexpectedAnswer(e, upstreamRequestId);
}

const LOOKOUT_FAILED = 'Lookout failed to process the request; retry later.';

/** A Lookout answer with no mapping of its own: worth a retry when the fault is Lookout's. */
function unexpectedAnswer(e: OtherFailureShape, upstreamRequestId: string | undefined): GraphQLError {
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) {
    return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, LOOKOUT_FAILED, { upstreamRequestId });
  }
  return gatewayError(ErrorCode.UPSTREAM_ERROR, 'Lookout answered with an unexpected error.', { upstreamRequestId });
}

// Failures with no Lookout answer at all: sockets, timeouts, and the SDK's own
// set-up (missing credentials or region). None of these carry a status code,
// nor an exception class of the Lookout client, so they are known by code or name.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);
const TRANSPORT_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'AbortError', 'CredentialsProviderError', 'NetworkingError']);

function isNetworkOrSdkSideFailure(e: OtherFailureShape): boolean {
  return (e.code !== undefined && NETWORK_CODES.has(e.code)) || TRANSPORT_ERROR_NAMES.has(e.name ?? '');
}
