import { validation } from '../http/aws-error';
import { maxResults as parseMaxResults, nextToken as parseNextToken } from '../http/validate';

export interface PageRequest<K> {
  after: K | undefined;
  limit: number;
}

/**
 * NextToken is the base64 of the last key returned, so paging stays stable
 * while other resources come and go. Its alphabet fits Lookout's token
 * pattern ([a-zA-Z0-9/+=]).
 */
export function pageRequest<K extends string | number>(query: URLSearchParams, kind: 'string' | 'number', defaultLimit = 100): PageRequest<K> {
  const limit = parseMaxResults(query.get('maxResults') ?? undefined) ?? defaultLimit;
  const token = parseNextToken(query.get('nextToken') ?? undefined);
  if (!token) return { after: undefined, limit };
  let after: unknown;
  try {
    after = JSON.parse(Buffer.from(token, 'base64').toString('utf8')).after;
  } catch {
    after = undefined;
  }
  if (typeof after !== kind) throw validation('NextToken is not a token this API returned.');
  return { after: after as K, limit };
}

/** Answers a page: fetch `limit + 1` rows, and a token only when there are more. */
export function page<T, K>(rows: T[], limit: number, keyOf: (row: T) => K): { items: T[]; NextToken?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, NextToken: Buffer.from(JSON.stringify({ after: keyOf(items[items.length - 1]) })).toString('base64') };
}
