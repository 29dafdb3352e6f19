/**
 * Relay cursors over Lookout's NextToken paging: a cursor is the token of the
 * page an entry came from and how many entries of that page to skip, so a
 * client may continue after any entry, not only after a page's last.
 */
export interface EntryCursor {
  /** The NextToken that fetched the page (undefined: the first page). */
  token: string | undefined;
  skip: number;
}

export function encodeCursor(cursor: EntryCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.token ?? null, s: cursor.skip }), 'utf8').toString('base64url');
}

/** The cursor, or null for text this API did not give out. */
export function decodeCursor(text: string): EntryCursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { t?: unknown; s?: unknown };
    if ((parsed.t !== null && typeof parsed.t !== 'string') || typeof parsed.s !== 'number' || !Number.isInteger(parsed.s) || parsed.s < 0 || parsed.s > 100) return null;
    return { token: parsed.t ?? undefined, skip: parsed.s };
  } catch {
    return null;
  }
}
