import { InvalidInputError, StorageFullError } from '../engine-errors';
import { AwsError } from '../http/aws-error';
import { SignatureRejected } from '../http/sigv4-verifier';
import { isStorageFull } from '../store/storage-errors';
import { S3Error, accessDenied, insufficientStorage, invalidArgument, slowDown } from './s3-error';

/**
 * The one place where whatever an S3 request threw becomes the S3 error its
 * client receives; null for anything else (a bug: logged, answered as
 * InternalError).
 */
export function toS3Error(error: unknown): S3Error | null {
  if (error instanceof S3Error) return error;
  if (error instanceof SignatureRejected) return signatureError(error);
  if (isStorageFull(error) || error instanceof StorageFullError) return insufficientStorage();
  if (error instanceof InvalidInputError) return invalidArgument(error.message);
  if (error instanceof AwsError) {
    // The checks shared with the Lookout API (browser guard, rate limit) throw Lookout's types.
    if (error.type === 'ThrottlingException') return slowDown();
    if (error.status === 403) return accessDenied(error.message);
  }
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENAMETOOLONG') return new S3Error('KeyTooLongError', 400, 'Your key is too long');
  return null;
}

/** S3's codes for a refused signature, with the words AWS uses. */
function signatureError(error: SignatureRejected): S3Error {
  switch (error.reason) {
    case 'missing':
      return accessDenied('Access Denied');
    case 'malformed':
    case 'wrong-service':
      return new S3Error('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; ${error.message}`);
    case 'expired':
      return new S3Error('RequestTimeTooSkewed', 403, `The difference between the request time and the current time is too large. ${error.message}`);
    case 'unknown-key':
      return new S3Error('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.');
    case 'mismatch':
      return new S3Error('SignatureDoesNotMatch', 403, error.message);
  }
}
