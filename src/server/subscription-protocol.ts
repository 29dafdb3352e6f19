import { CloseCode, type ServerOptions } from 'graphql-ws';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AuthenticationFailure, type Authenticator } from '../auth/authenticator';
import type { Identity } from '../auth/roles';
import { ErrorCode } from '../services/error-codes';
import { gatewayError } from '../services/gateway-error';
import type { GatewayContext } from './context';
import { retryAfter, type CallerBudgets } from './rate-limit';
import type { ErrorOrigins } from './request-log';
import { withoutSchemaHints } from './format-error';
import type { TrustedDocuments, TrustedDocumentsMode } from './trusted-documents';

/** What a socket carries between graphql-ws's callbacks: the upgrade, and who proved to be on the other end. */
export interface SocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  identity?: Identity;
}

export type ConnectionParams = Record<string, unknown>;

export interface SubscriptionProtocolOptions {
  schema: GraphQLSchema;
  authenticator: Authenticator;
  /** The same bounds on an operation's text and shape as over HTTP (operation-limits.ts). */
  shape: { parseOptions: { maxTokens: number }; validationRules: ValidationRule[] };
  trustedDocuments: TrustedDocuments;
  trustedDocumentsMode: TrustedDocumentsMode;
  /** No introspection and no schema hints in errors. */
  production: boolean;
  /** The callers' request budgets, shared with HTTP: each subscription spends one request. */
  budgets: CallerBudgets;
  /** The context of one operation, as an HTTP request of the same caller gets. */
  context(identity: Identity): GatewayContext;
  /** The gateway's last stop for errors (format-error.ts), and where it learns whom they hit. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  origins: ErrorOrigins;
  log(message: string, error: unknown): void;
}

/** Operations one socket may run at once: each may hold a poller of its own model. */
const MAX_OPERATIONS_PER_SOCKET = 32;

/**
 * GraphQL over WebSocket (graphql-ws) as the gateway speaks it. The socket
 * authenticates once, in `connection_init`, with the same credentials and
 * rules as an HTTP request (`connectionParams`: `authorization: "Bearer
 * <key or JWT>"`, or `apiKey` / `x-api-key`); a socket that proves no
 * identity is closed with 4401. Each operation then passes the same checks
 * as over HTTP (the caller's rate, trusted documents, tokens, depth,
 * aliases, introspection in production) and runs with the caller's
 * identity, so `@Authorized` holds.
 * Sockets carry subscriptions only: queries and mutations go over HTTP,
 * where their cost, rate and audit are accounted for.
 */
export function subscriptionProtocol(options: SubscriptionProtocolOptions): ServerOptions<ConnectionParams, SocketExtra> {
  const rules = [...specifiedRules, ...options.shape.validationRules, ...(options.production ? [NoSchemaIntrospectionCustomRule] : [])];

  const formatted = (error: GraphQLError, identity: Identity | undefined, operationName: string | null | undefined): GraphQLFormattedError => {
    const coded = error.extensions.code === undefined && isVariableError(error) ? withCode(error, 'BAD_USER_INPUT') : error;
    if (identity) options.origins.set(coded, `${identity.name} (${identity.role}), subscription ${operationName ?? 'anonymous'}`);
    return options.formatError(coded.toJSON(), coded);
  };

  return {
    schema: options.schema,

    async onConnect(ctx) {
      try {
        ctx.extra.identity = await options.authenticator.authenticate(credentialHeaders(ctx.connectionParams));
        return true;
      } catch (error) {
        if (error instanceof AuthenticationFailure) {
          ctx.extra.socket.close(CloseCode.Unauthorized, closeReason(error.message));
        } else {
          options.log('authenticating a subscription socket failed unexpectedly', error);
          ctx.extra.socket.close(CloseCode.InternalServerError, 'Internal server error');
        }
        return false;
      }
    },

    onSubscribe(ctx, _id, payload) {
      const identity = ctx.extra.identity;
      // graphql-ws refuses operations before the connection is acknowledged, so this is a bug if it happens.
      if (!identity) throw new Error('a subscription arrived on a socket with no identity');
      // The operation being subscribed is already counted.
      if (Object.keys(ctx.subscriptions).length > MAX_OPERATIONS_PER_SOCKET) {
        return [coded('BAD_REQUEST', `At most ${MAX_OPERATIONS_PER_SOCKET} operations may run on one socket; complete one first.`)];
      }
      // Each new subscription may start a poller: without a budget, subscribing and completing in a loop would drive DescribeModel calls.
      const wait = options.budgets.take(identity.name);
      if (wait > 0) {
        const retryAfterSeconds = retryAfter(wait);
        return [gatewayError(ErrorCode.THROTTLED, `Too many requests from ${identity.name}; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds })];
      }
      const hash = persistedQueryHash(payload.extensions);
      const query = hash === undefined ? payload.query : options.trustedDocuments.document(hash);
      if (query === undefined) return [coded('PERSISTED_QUERY_NOT_FOUND', `No trusted document has the hash ${hash}.`)];
      if (options.trustedDocumentsMode === 'only' && hash === undefined && !options.trustedDocuments.trusts(query)) {
        return [coded(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, 'This gateway runs only its trusted documents; send one of them (its text, or its hash in extensions.persistedQuery).')];
      }
      let document: DocumentNode;
      try {
        document = parse(query, options.shape.parseOptions);
      } catch (error) {
        return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [coded('OPERATION_RESOLUTION_FAILURE', 'The document names no operation to run, or several without an operationName.')];
      if (operation.operation !== 'subscription') {
        return [coded('BAD_REQUEST', `Send a ${operation.operation} over HTTP (POST /graphql); this socket carries subscriptions.`)];
      }
      const invalid = validate(options.schema, document, rules);
      if (invalid.length > 0) return invalid.map((error) => withCode(options.production ? withoutSuggestions(error) : error, 'GRAPHQL_VALIDATION_FAILED'));
      return {
        schema: options.schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: options.context(identity),
      };
    },

    onNext(ctx, _id, payload, _args, result) {
      if (!result.errors) return;
      const { errors, ...rest } = result;
      return { ...rest, errors: errors.map((error) => formatted(error, ctx.extra.identity, payload.operationName)) };
    },

    onError(ctx, _id, payload, errors) {
      return errors.map((error) => formatted(error, ctx.extra.identity, payload.operationName));
    },
  };
}

/**
 * A trusted document named by hash, as Apollo's persisted queries name it
 * (`extensions.persistedQuery.sha256Hash`); graphql-ws wants a `query`
 * string all the same, which may then be empty.
 */
function persistedQueryHash(extensions: Record<string, unknown> | null | undefined): string | undefined {
  const persisted = extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/** `connectionParams` as the headers the Authenticator reads. */
function credentialHeaders(params: ConnectionParams | undefined): IncomingHttpHeaders {
  const text = (name: string): string | undefined => {
    const value = params?.[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new AuthenticationFailure(`connectionParams.${name} must be a string.`);
    return value;
  };
  // Two different keys under the two names are two credentials, refused as over HTTP.
  const apiKeys = [...new Set([text('apiKey'), text('x-api-key')].filter((key) => key !== undefined))];
  return { authorization: text('authorization') ?? text('Authorization'), 'x-api-key': apiKeys.length > 1 ? apiKeys : apiKeys[0] };
}

/** A WebSocket close reason is at most 123 bytes. */
function closeReason(message: string): string {
  return Buffer.byteLength(message) <= 123 ? message : `${Buffer.from(message).subarray(0, 117).toString()}...`;
}

/**
 * Errors of the request as a whole that graphql-js reports without a code:
 * variables of the wrong type. They name no field path, and wrap nothing thrown.
 */
function isVariableError(error: GraphQLError): boolean {
  return error.path === undefined && error.originalError === undefined && error.message.startsWith('Variable ');
}

function coded(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

/** As over HTTP: "Did you mean ...?" reveals the schema. */
function withoutSuggestions(error: GraphQLError): GraphQLError {
  const message = withoutSchemaHints(error.message);
  return message === error.message ? error : new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: error.extensions });
}
