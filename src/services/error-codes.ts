/**
 * Every `extensions.code` the gateway answers with. Clients branch on these,
 * so they are part of the API contract: add, never rename.
 */
export enum ErrorCode {
  /** No credentials, or credentials that prove no identity (HTTP 401). */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The caller's role does not allow the operation, or Lookout denied the gateway. */
  FORBIDDEN = 'FORBIDDEN',
  /** The request named a host this gateway does not serve (HTTP 421). */
  MISDIRECTED_REQUEST = 'MISDIRECTED_REQUEST',
  /** PERSISTED_OPERATIONS=only and the operation is not one of the trusted documents (HTTP 400). */
  PERSISTED_QUERY_NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  MODEL_NOT_READY = 'MODEL_NOT_READY',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  THROTTLED = 'THROTTLED',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** Lookout answered with an error this gateway does not know. */
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** A mutation asked to wait did not see its model settle in time; `extensions.status` is the last status seen. */
  TIMEOUT = 'TIMEOUT',
  /** The operation needs a setting this gateway lacks (an S3 bucket for uploads or training output); `extensions.setting` names it. */
  NOT_CONFIGURED = 'NOT_CONFIGURED',
  /** The operation's estimated cost is over the gateway's limit. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The request's headers or the whole request did not arrive within HEADERS_TIMEOUT_MS / REQUEST_TIMEOUT_MS (HTTP 408). */
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  /** The request's headers are over what the HTTP server reads (HTTP 431). */
  REQUEST_HEADER_FIELDS_TOO_LARGE = 'REQUEST_HEADER_FIELDS_TOO_LARGE',
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
    /** On CONFLICT for a model hosted with other units: the units it runs with. */
    currentMinInferenceUnits?: number;
    currentMaxInferenceUnits?: number;
    /** On FORBIDDEN for a role: the role the field needs. */
    requiredRole?: string;
    /** On NOT_CONFIGURED: the setting to give. */
    setting?: string;
    /** On QUERY_TOO_COMPLEX: the operation's estimated cost and the limit. */
    complexity?: number;
    maxComplexity?: number;
  }
}
