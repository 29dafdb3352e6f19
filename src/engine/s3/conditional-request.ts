import { S3Error } from './s3-error';

/** The validators of a conditional GET, HEAD or copy: If-Match and kin. */
export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

/**
 * Evaluates the conditions as RFC 9110 orders them (and S3 follows):
 * If-Match, else If-Unmodified-Since, failing with 412; then If-None-Match,
 * else If-Modified-Since, answering "not modified". Returns whether the
 * object is to be sent (false: 304). A date that does not parse is ignored.
 */
export function checkConditions(conditions: Conditions, etag: string, lastModified: Date): boolean {
  const modifiedSeconds = Math.floor(lastModified.getTime() / 1000);
  if (conditions.ifMatch !== undefined) {
    if (!etagListMatches(conditions.ifMatch, etag)) throw preconditionFailed('If-Match');
  } else if (conditions.ifUnmodifiedSince !== undefined) {
    const since = Date.parse(conditions.ifUnmodifiedSince);
    if (!Number.isNaN(since) && modifiedSeconds > Math.floor(since / 1000)) throw preconditionFailed('If-Unmodified-Since');
  }
  if (conditions.ifNoneMatch !== undefined) return !etagListMatches(conditions.ifNoneMatch, etag);
  if (conditions.ifModifiedSince !== undefined) {
    const since = Date.parse(conditions.ifModifiedSince);
    if (!Number.isNaN(since) && modifiedSeconds <= Math.floor(since / 1000)) return false;
  }
  return true;
}

/** `*`, or a comma-separated list of (quoted, possibly weak) ETags. */
function etagListMatches(list: string, etag: string): boolean {
  return list.split(',').some((item) => {
    const tag = item.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return tag === '*' || tag === etag;
  });
}

const preconditionFailed = (condition: string) => new S3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
