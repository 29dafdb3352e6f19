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
export function formatError(log: (message: string, error: unknown) => void, origins: ErrorOrigins = new WeakMap(), production = false) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (typeof extensions.code === 'string' && PUBLIC_CODES.has(extensions.code)) {
      return { ...formatted, message: production ? withoutSchemaHints(formatted.message) : formatted.message, extensions };
    }
    // Apollo refuses some requests with a bare GraphQLError that carries only an HTTP status
    // ("Unsupported persisted query version", "provided sha does not match query"), and
    // then fills in INTERNAL_SERVER_ERROR: a client's mistake, in Apollo's words, that only lacks its code.
    if (isCodelessClientRefusal(error)) return { ...formatted, extensions: { ...extensions, code: 'BAD_REQUEST' } };
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

function isCodelessClientRefusal(error: unknown): boolean {
  const extensions = (error as { extensions?: { code?: unknown; http?: { status?: unknown } } } | null)?.extensions;
  const status = extensions?.http?.status;
  return extensions?.code === undefined && typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * A message as a production server answers it: without graphql-js's "Did you
 * mean ...?" (it names fields, arguments and enum values of a schema that
 * production does not let clients introspect; Apollo's
 * hideSchemaDetailsFromClientErrors removes it from validation errors only,
 * not from a variable's coercion error), and without Apollo's advice to the
 * server's operator on how to turn introspection on.
 */
export function withoutSchemaHints(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '').replace(/ To enable introspection, pass introspection: true to ApolloServer in production$/, '');
}
