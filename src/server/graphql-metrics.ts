import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from './context';
import type { GatewayMetrics } from './metrics';
import { currentRequest } from './request-id';

/** The operation label of a request that did not parse, validate or resolve to one operation. */
export const INVALID_OPERATION = 'invalid';

/** Past this many distinct root fields an operation is labelled `multiple`: each combination would be a series of its own. */
const MOST_FIELDS_IN_LABEL = 4;

/**
 * Counts and times every GraphQL request by operation and outcome, and names
 * the operation and caller in the request's log lines. The operation is its
 * root fields (`projects`, `detectAnomalies`, `modelStatus,projects`): names
 * the schema bounds, unlike the client's operation name.
 */
export function graphqlMetricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      const request = currentRequest();
      if (request) request.caller = contextValue.identity.name;
      let operation = INVALID_OPERATION;
      return {
        async didResolveOperation({ operation: definition, document }) {
          if (!definition) return;
          operation = operationLabel(definition, document);
          if (request) request.operation = operation;
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          metrics.observeGraphQLRequest(operation, outcomeOf(errors?.[0]?.extensions?.code), (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/** `ok`, or the first error's code (formatError leaves only the gateway's and Apollo's codes). */
function outcomeOf(code: unknown): string {
  if (code === undefined) return 'ok';
  return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'OTHER';
}

// Apollo keeps parsed documents, so a repeated operation is the same node and is labelled once.
const labels = new WeakMap<OperationDefinitionNode, string>();

/** The operation's distinct root fields, sorted and joined with commas (fragments followed). */
export function operationLabel(operation: OperationDefinitionNode, document: DocumentNode): string {
  let label = labels.get(operation);
  if (label === undefined) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const fields = [...rootFields(operation.selectionSet, fragments, new Set())].sort();
    label = fields.length === 0 ? INVALID_OPERATION : fields.length > MOST_FIELDS_IN_LABEL ? 'multiple' : fields.join(',');
    labels.set(operation, label);
  }
  return label;
}

function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, spread: Set<string>, into = new Set<string>()): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFields(selection.selectionSet, fragments, spread, into);
    else if (!spread.has(selection.name.value)) {
      spread.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootFields(fragment.selectionSet, fragments, spread, into);
    }
  }
  return into;
}
