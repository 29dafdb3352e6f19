import type { RequestHandler } from 'express';
import { TokenBucket } from '../util/token-bucket';
import { identityOf } from './authentication';
import { ErrorCode } from '../services/error-codes';
import { sendHttpError } from './http-errors';

export interface RateLimitOptions {
  /** Requests a second each caller may make, sustained. */
  perSecond: number;
  /** Requests a caller may make at once after a quiet spell. */
  burst: number;
}

/**
 * A token bucket per caller (the identity's name, so several clients sharing
 * one key share its budget): past it, THROTTLED with `retryAfterSeconds`
 * and a Retry-After header, before the body is read.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  const buckets = new Map<string, TokenBucket>();
  const sweep = setInterval(() => {
    for (const [name, bucket] of buckets) if (bucket.idle) buckets.delete(name);
  }, 60_000);
  sweep.unref();
  return (req, res, next) => {
    const { name } = identityOf(res.locals);
    let bucket = buckets.get(name);
    if (!bucket) buckets.set(name, (bucket = new TokenBucket(options.perSecond, options.burst)));
    const wait = bucket.take();
    if (wait === 0) return next();
    const retryAfterSeconds = Math.max(1, Math.ceil(wait));
    req.resume();
    res.setHeader('retry-after', String(retryAfterSeconds));
    sendHttpError(res, 429, ErrorCode.THROTTLED, `Too many requests from ${name}; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  };
}
