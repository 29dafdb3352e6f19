import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidArgument } from './s3-error';

/** In memory only, as for Lookout's NextTokens (operations/pagination.ts): tokens do not outlive the process. */
const TOKEN_KEY = randomBytes(32);

/**
 * ListObjectsV2's ContinuationToken: the position after which the next page
 * starts, signed and bound to its bucket and prefix, so a token the engine
 * did not issue, or one of another listing, is refused instead of read as a
 * position.
 */
export function issueContinuationToken(bucket: string, prefix: string, after: Buffer): string {
  return `${after.toString('base64url')}.${signature(bucket, prefix, after)}`;
}

export function readContinuationToken(bucket: string, prefix: string, token: string): Buffer {
  const [position, given, extra] = token.split('.');
  const after = Buffer.from(position ?? '', 'base64url');
  const expected = Buffer.from(signature(bucket, prefix, after));
  const received = Buffer.from(given ?? '');
  if (extra !== undefined || after.length === 0 || received.length !== expected.length || !timingSafeEqual(received, expected)) {
    throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token.slice(0, 200));
  }
  return after;
}

function signature(bucket: string, prefix: string, after: Buffer): string {
  return createHmac('sha256', TOKEN_KEY).update(JSON.stringify([bucket, prefix])).update(after).digest('base64url');
}
