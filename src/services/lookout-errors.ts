import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';

/** The fields of an AWS SDK service exception this module reads. */
interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { requestId?: string; httpStatusCode?: number };
  ResourceId?: string;
  ResourceType?: string;
  RetryAfterSeconds?: number;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/**
 * The one place where errors of the Lookout SDK client become GraphQL errors.
 * Client-fault messages come from Lookout and describe the caller's own input,
 * so they are passed on; anything that could name credentials, hosts or
 * internals (access denied, network, SDK internals) gets a fixed message.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const upstreamRequestId = e.$metadata?.requestId;
  const resource = { resourceId: e.ResourceId, resourceType: e.ResourceType, upstreamRequestId };
  const message = typeof e.message === 'string' && e.message.length > 0 ? e.message : undefined;

  switch (e.name) {
    case 'ResourceNotFoundException':
      return gatewayError(ErrorCode.NOT_FOUND, message ?? 'The resource does not exist.', resource);
    case 'ConflictException':
      return gatewayError(ErrorCode.CONFLICT, message ?? 'The resource is in a conflicting state.', resource);
    case 'ValidationException':
      return gatewayError(ErrorCode.BAD_USER_INPUT, message ?? 'Lookout rejected the input.', { upstreamRequestId });
    case 'AccessDeniedException':
      return gatewayError(ErrorCode.FORBIDDEN, 'The gateway is not allowed to perform this Lookout operation.', { upstreamRequestId });
    case 'ThrottlingException':
      return gatewayError(ErrorCode.THROTTLED, 'Lookout is throttling requests; retry later.', {
        upstreamRequestId,
        retryAfterSeconds: e.RetryAfterSeconds ?? 1,
      });
    case 'ServiceQuotaExceededException':
      return gatewayError(ErrorCode.QUOTA_EXCEEDED, message ?? 'A Lookout service quota is exhausted.', resource);
    case 'InternalServerException':
      return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Lookout failed to process the request; retry later.', {
        upstreamRequestId,
        retryAfterSeconds: e.RetryAfterSeconds,
      });
  }
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) {
    return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Lookout failed to process the request; retry later.', { upstreamRequestId });
  }
  if (isNetworkOrSdkSideFailure(e)) {
    return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The Lookout endpoint cannot be reached.', { upstreamRequestId });
  }
  if (e.$metadata?.httpStatusCode !== undefined) {
    return gatewayError(ErrorCode.UPSTREAM_ERROR, 'Lookout answered with an unexpected error.', { upstreamRequestId });
  }
  // Not a Lookout answer at all: a bug on our side. formatError logs the
  // original and shows the client nothing of it.
  return new GraphQLError('Internal server error.', {
    originalError: error instanceof Error ? error : undefined,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  });
}

// Failures with no Lookout answer at all: sockets, timeouts, and the SDK's own
// set-up (missing credentials or region). None of these carry a status code.
const TRANSPORT_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'AbortError', 'CredentialsProviderError', 'NetworkingError']);

function isNetworkOrSdkSideFailure(e: SdkErrorShape): boolean {
  return (e.code !== undefined && NETWORK_CODES.has(e.code)) || TRANSPORT_ERROR_NAMES.has(e.name ?? '');
}
