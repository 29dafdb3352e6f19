import type { ComplexityEstimator } from 'graphql-query-complexity';
import { isAliasName } from '../runtime/alias-tags';
import { LOOKOUT_CALL } from './complexity';

/**
 * A field given an alias for its `version` reads the project's tags first
 * (one ListTagsForResource per request and project, and a DescribeProject
 * the first time the gateway meets the project): one Lookout call more than
 * the same field given a number, added to whatever `estimators` (tried in
 * order, as graphql-query-complexity does) say the field costs.
 */
export function withAliasResolutionCost(estimators: ComplexityEstimator[]): ComplexityEstimator {
  return (options) => {
    for (const estimate of estimators) {
      const cost = estimate(options);
      if (typeof cost === 'number') return cost + (namesAnAlias(options.args) ? LOOKOUT_CALL : 0);
    }
    return undefined;
  };
}

function namesAnAlias(args: Record<string, unknown>): boolean {
  return typeof args.version === 'string' && isAliasName(args.version);
}
