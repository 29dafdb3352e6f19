import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../services/error-codes';
import type { ErrorOrigins } from './request-log';

/** Codes whose messages were written for clients: ours, and Apollo's request-level ones. */
const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The last stop before an error reaches a client. Anything not raised on
 * purpose with a public code is a bug or an internal failure: it is logged
 * whole and answered without detail.
 */
export function formatError(log: (message: string, error: unknown) => void, origins: ErrorOrigins = new WeakMap()) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (typeof extensions.code === 'string' && PUBLIC_CODES.has(extensions.code)) return { ...formatted, extensions };
    const origin = typeof error === 'object' && error !== null ? origins.get(error) : undefined;
    log(`unexpected error in a GraphQL request${origin ? ` from ${origin}` : ''}`, error);
    return {
      message: 'Internal server error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
