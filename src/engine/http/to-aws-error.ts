import { EngineError, InvalidInputError, OverloadedError, ServiceFailure, TrainingFailure, WrongStateError } from '../engine-errors';
import { AwsError, conflict, internal, throttled, validation } from './aws-error';

/**
 * The one place where the engine's domain errors become the AWS errors a
 * client receives. Returns null for anything that is not an engine or AWS
 * error: a bug, which the caller logs and answers as an internal error.
 */
export function toAwsError(error: unknown): AwsError | null {
  if (error instanceof AwsError) return error;
  if (!(error instanceof EngineError)) return null;
  if (error instanceof InvalidInputError || error instanceof TrainingFailure) return validation(error.message);
  if (error instanceof WrongStateError) return conflict(error.resourceType, error.resourceId, error.message);
  if (error instanceof OverloadedError) return throttled(error.message, error.retryAfterSeconds);
  if (error instanceof ServiceFailure) return internal(error.message);
  return internal();
}
