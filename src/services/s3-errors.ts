import { NoSuchBucket, NoSuchKey, S3ServiceException } from '@aws-sdk/client-s3';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';
import { toGraphQLError } from './lookout-errors';

export type S3Action = 'read' | 'write' | 'delete';

/**
 * Errors of the S3 client as GraphQL errors: S3's own answers by class or
 * code; the rest (network, deadlines, 5xx, answers no class fits) as
 * Lookout's are, since they mean the same thing. `what` names the object in
 * the caller's words ("the evaluation result of model version 2 of project
 * demo").
 */
export function fromS3Error(error: unknown, what: string, action: S3Action): GraphQLError {
  if (!(error instanceof S3ServiceException)) return toGraphQLError(error);
  const upstreamRequestId = error.$metadata?.requestId;
  if (error instanceof NoSuchBucket) return gatewayError(ErrorCode.NOT_FOUND, `S3 has no bucket for ${what}.`, { upstreamRequestId });
  if (error instanceof NoSuchKey || error.name === 'NotFound') return gatewayError(ErrorCode.NOT_FOUND, `S3 no longer has ${what}.`, { upstreamRequestId });
  if (error.name === 'AccessDenied' || error.$metadata?.httpStatusCode === 403) {
    return gatewayError(ErrorCode.FORBIDDEN, `The gateway is not allowed to ${action} ${what} in S3.`, { upstreamRequestId });
  }
  if (error.name === 'SlowDown') return gatewayError(ErrorCode.THROTTLED, 'S3 is throttling requests; retry later.', { upstreamRequestId, retryAfterSeconds: 1 });
  return toGraphQLError(error);
}
