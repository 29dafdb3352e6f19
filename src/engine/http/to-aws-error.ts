import { EngineError, InvalidInputError, OverloadedError, ServiceFailure, StorageFullError, TrainingFailure, WrongStateError } from '../engine-errors';
import { isStorageFull } from '../store/storage-errors';
import { AwsError, conflict, internal, quotaExceeded, throttled, validation } from './aws-error';

/**
 * The one place where the engine's domain errors become the AWS errors a
 * client receives. Returns null for anything that is not an engine or AWS
 * error: a bug, which the caller logs and answers as an internal error.
 */
export function toAwsError(error: unknown): AwsError | null {
  if (error instanceof AwsError) return error;
  // A full disk is no bug: the write was not made, and the client may retry once space is freed.
  if (isStorageFull(error)) return storageFull(new StorageFullError());
  if (!(error instanceof EngineError)) return null;
  if (error instanceof InvalidInputError || error instanceof TrainingFailure) return validation(error.message);
  if (error instanceof WrongStateError) return conflict(error.resourceType, error.resourceId, error.message);
  if (error instanceof OverloadedError) return throttled(error.message, error.retryAfterSeconds);
  if (error instanceof ServiceFailure) return internal(error.message);
  if (error instanceof StorageFullError) return storageFull(error);
  return internal();
}

/** The engine's own quota: the space of its data directory. */
function storageFull(error: StorageFullError): AwsError {
  return quotaExceeded(error.message, 'L-STORAGE');
}
