import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
}

/**
 * Bounds on one operation's shape, checked before it runs: tokens while
 * parsing (graphql-js stops the lexer there), then depth and aliases as
 * validation rules (GraphQL Armor's), so a breach is a
 * GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED answer with HTTP 400.
 * The cost limit runs after validation (query-complexity.ts).
 */
export function operationLimits(limits: OperationLimits): { parseOptions: { maxTokens: number }; validationRules: ValidationRule[] } {
  // Armor throws out of the validator by default, which Apollo would answer as a 500; reported errors are client errors.
  // Armor words a breach as "Syntax Error: ...", though the document parsed: the error says what was exceeded, no more.
  const report = {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { nodes: error.nodes, extensions: error.extensions })),
    ],
  };
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [
      maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...report }) as unknown as ValidationRule,
      maxAliasesRule({ n: limits.maxAliases, ...report }) as unknown as ValidationRule,
    ],
  };
}
