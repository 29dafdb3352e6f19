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
 * one key share its budget), forgotten once it is full again.
 */
export class CallerBudgets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly options: RateLimitOptions) {
    const sweep = setInterval(() => {
      for (const [name, bucket] of this.buckets) if (bucket.idle) this.buckets.delete(name);
    }, 60_000);
    sweep.unref();
  }

  /** 0 when `name` may go ahead (and spends a token), else the seconds until it could. */
  take(name: string): number {
    let bucket = this.buckets.get(name);
    if (!bucket) this.buckets.set(name, (bucket = new TokenBucket(this.options.perSecond, this.options.burst)));
    return bucket.take();
  }
}

/**
 * The callers' budgets over HTTP: past one, THROTTLED with
 * `retryAfterSeconds` and a Retry-After header, before the body is read.
 * Given budgets (rather than options) are shared with whoever else spends them.
 */
export function rateLimit(budgets: RateLimitOptions | CallerBudgets): RequestHandler {
  const callers = budgets instanceof CallerBudgets ? budgets : new CallerBudgets(budgets);
  return (req, res, next) => {
    const { name } = identityOf(res.locals);
    const wait = callers.take(name);
    if (wait === 0) return next();
    const retryAfterSeconds = retryAfter(wait);
    req.resume();
    res.setHeader('retry-after', String(retryAfterSeconds));
    sendHttpError(res, 429, ErrorCode.THROTTLED, `Too many requests from ${name}; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  };
}

/** Whole seconds to wait, at least one, as Retry-After and `retryAfterSeconds` say it. */
export function retryAfter(waitSeconds: number): number {
  return Math.max(1, Math.ceil(waitSeconds));
}
