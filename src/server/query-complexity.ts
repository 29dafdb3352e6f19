import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { withAliasResolutionCost } from '../resolvers/alias-complexity';
import { ErrorCode } from '../services/error-codes';
import { gatewayError } from '../services/gateway-error';

/**
 * The estimated cost of one operation. Costs sit on the fields (`complexity`
 * in src/schema and src/resolvers): list fields multiply their children by an
 * expected length, fields that need their own Lookout call cost more. Fields
 * without one cost 1. An alias for a version costs the call that reads it.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string, variables: Record<string, unknown> = {}): number {
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    estimators: [withAliasResolutionCost([fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })])],
  });
}

/** Costs remembered per document, by operation name and variables: at most this many for one document. */
const COSTS_PER_DOCUMENT = 64;
/** Variables longer than this, written out, are costed afresh rather than kept (a key must not hold a large body). */
const MAX_KEY_LENGTH = 4096;

/**
 * Refuses an operation whose estimated cost is over `maxComplexity` before it
 * runs. A cost depends only on the document, the operation and the
 * variables, and Apollo hands the same DocumentNode for the same query text
 * (its parsed-document cache): so each cost is worked out once and kept with
 * the document, instead of walking the query on every request.
 */
export function queryComplexityPlugin(schema: GraphQLSchema, maxComplexity: number, estimate: typeof operationCost = operationCost): ApolloServerPlugin {
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // Client mistakes are answered by execution as 400s with their own codes before any
          // resolver runs: an operation name the document lacks, or variables of the wrong type
          // (a file mapped into a String included). Estimating their cost would throw instead.
          if (!operation) return;
          const key = variablesKey(request.variables);
          let costs = known.get(document);
          let complexity = key === null ? undefined : costs?.get(`${request.operationName ?? ''}\n${key}`);
          if (complexity === undefined) {
            const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
            if (variables.errors) return;
            complexity = costOrRefuse(() => estimate(schema, document, request.operationName ?? undefined, request.variables ?? {}), maxComplexity);
            if (key !== null) {
              if (!costs || costs.size >= COSTS_PER_DOCUMENT) known.set(document, (costs = new Map()));
              costs.set(`${request.operationName ?? ''}\n${key}`, complexity);
            }
          }
          if (complexity > maxComplexity) {
            throw gatewayError(ErrorCode.QUERY_TOO_COMPLEX, `The query costs ${complexity}, over the limit of ${maxComplexity}; ask for fewer nested lists or fields.`, {
              complexity,
              maxComplexity,
              http: { status: 400 },
            });
          }
        },
      };
    },
  };
}

/**
 * The variables as a cache key. A file (an Upload, or anything else that is
 * not plain data) stands for itself only by being there: its bytes never
 * change a cost, and its name must not make every upload a new key. Null
 * for variables that cannot be written out (nested too deep) or are long:
 * their cost is not kept.
 */
function variablesKey(variables: Record<string, unknown> | undefined): string | null {
  if (!variables) return '';
  let written: string;
  try {
    // The holder's own value, not `value`: JSON.stringify hands the replacer what toJSON made of it,
    // and an Upload's toJSON names its file (upload-middleware.ts).
    written = JSON.stringify(variables, function (this: Record<string, unknown>, key: string, value: unknown) {
      return isPlainData(this[key]) ? value : '\u0000file';
    });
  } catch {
    return null; // nested too deep to write out: no key, and coercion below refuses it
  }
  return written.length <= MAX_KEY_LENGTH ? written : null;
}

function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  const proto = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/**
 * graphql-query-complexity stops counting after 10,000 nodes (its
 * `maxQueryNodes`) with a code-less error, which Apollo would answer as a
 * 500. Fragments spread into each other reach that from a short text (twenty
 * levels of two spreads each are a million fields), so it is the same
 * refusal as a cost over the limit: the client's doing.
 */
function costOrRefuse(estimate: () => number, maxComplexity: number): number {
  try {
    return estimate();
  } catch (error) {
    if (!/maximum allowed number of nodes/.test(String((error as Error)?.message))) throw error;
    throw gatewayError(ErrorCode.QUERY_TOO_COMPLEX, `The query has too many fields once its fragments are spread, far over the cost limit of ${maxComplexity}.`, {
      maxComplexity,
      http: { status: 400 },
    });
  }
}
