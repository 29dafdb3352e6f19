import type { ComplexityEstimator } from 'graphql-query-complexity';

/*
 * Query costs, read by the query-complexity plugin (src/server/query-complexity.ts).
 * A field that makes a Lookout call of its own costs LOOKOUT_CALL; a list
 * multiplies its children by the length it is expected to have.
 */

export const LOOKOUT_CALL = 5;

/** A list of about `expected` items, fetched with `ownCost`. */
export function listOf(expected: number, ownCost = 1): ComplexityEstimator {
  return ({ childComplexity }) => ownCost + expected * childComplexity;
}

/** One object, fetched with `ownCost`. */
export function oneOf(ownCost: number): ComplexityEstimator {
  return ({ childComplexity }) => ownCost + childComplexity;
}
