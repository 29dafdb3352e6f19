/**
 * Every `extensions.code` the gateway answers with. Clients branch on these,
 * so they are part of the API contract: add, never rename.
 */
export enum ErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  MODEL_NOT_READY = 'MODEL_NOT_READY',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  FORBIDDEN = 'FORBIDDEN',
  THROTTLED = 'THROTTLED',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** Lookout answered with an error this gateway does not know. */
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** The operation's estimated cost is over the gateway's limit. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    code?: ErrorCode | string;
    /** Request id Lookout gave the failing call, for support tickets. */
    upstreamRequestId?: string;
    resourceId?: string;
    resourceType?: string;
    retryAfterSeconds?: number;
    /** Current model status, on MODEL_NOT_READY. */
    status?: string;
    /** The argument that failed validation, on BAD_USER_INPUT. */
    argument?: string;
    /** On QUERY_TOO_COMPLEX: the operation's estimated cost and the limit. */
    complexity?: number;
    maxComplexity?: number;
  }
}
