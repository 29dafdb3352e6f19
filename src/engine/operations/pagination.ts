import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { validation } from '../http/aws-error';
import { maxResults as parseMaxResults, nextToken as parseNextToken } from '../http/validate';

export interface PageRequest<K> {
  after: K | undefined;
  limit: number;
}

/**
 * Signs every NextToken, so that only tokens this engine issued are taken:
 * one forged, altered (a cursor moved, a negative or huge position) or issued
 * for another listing fails its check instead of being read as a position.
 * The key lives in memory, so tokens do not outlive the process.
 */
const TOKEN_KEY = randomBytes(32);

/**
 * NextToken is the base64 of the last key returned and its signature, so
 * paging stays stable while other resources come and go. Its alphabet fits
 * Lookout's token pattern ([a-zA-Z0-9/+=]). `listing` names the list the token
 * belongs to (operation and resource), e.g. `ListModels/parts`.
 */
export function pageRequest<K extends string | number>(query: URLSearchParams, kind: 'string' | 'number', listing: string, defaultLimit = 100): PageRequest<K> {
  const limit = parseMaxResults(query.get('maxResults') ?? undefined) ?? defaultLimit;
  const token = parseNextToken(query.get('nextToken') ?? undefined);
  if (!token) return { after: undefined, limit };
  let parsed: { after?: unknown; sig?: unknown } | null;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    parsed = null;
  }
  const after = parsed?.after;
  if (typeof after !== kind || typeof parsed?.sig !== 'string' || !sameSignature(parsed.sig, signature(listing, after))) {
    throw validation('NextToken is not a token this API returned.');
  }
  return { after: after as K, limit };
}

/** Answers a page: fetch `limit + 1` rows, and a token only when there are more. */
export function page<T, K>(rows: T[], limit: number, keyOf: (row: T) => K, listing: string): { items: T[]; NextToken?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const after = keyOf(items[items.length - 1]);
  return { items, NextToken: Buffer.from(JSON.stringify({ after, sig: signature(listing, after) })).toString('base64') };
}

function signature(listing: string, after: unknown): string {
  return createHmac('sha256', TOKEN_KEY).update(JSON.stringify([listing, after])).digest('base64url');
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
