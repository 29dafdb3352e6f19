/*
 * Errors of the engine's storage, runtime and training code. They say what
 * went wrong in the engine's own terms; only the HTTP layer
 * (http/to-aws-error.ts) turns them into the AWS errors a client receives.
 * Anything thrown that is not an EngineError is a bug: logged, and answered
 * as an internal error.
 */

export type ResourceType = 'PROJECT' | 'DATASET' | 'MODEL' | 'TRIAL' | 'MODEL_PACKAGE_JOB';

export abstract class EngineError extends Error {}

/** The caller's input breaks a rule (a bad object location, an image of the wrong size). */
export class InvalidInputError extends EngineError {}

/** The resource is not in a state that allows the action. */
export class WrongStateError extends EngineError {
  constructor(
    readonly resourceType: ResourceType,
    readonly resourceId: string,
    message: string,
  ) {
    super(message);
  }
}

/** More work is waiting than the engine takes on; the caller may retry after a pause. */
export class OverloadedError extends EngineError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A failure inside the engine that was already logged with its cause; the client learns only that it failed. */
export class ServiceFailure extends EngineError {
  constructor(message = 'An internal error occurred; retry the request.') {
    super(message);
  }
}

/** Training could not produce a model from the data (too few images, sizes differ); the message is for the user. */
export class TrainingFailure extends EngineError {}

/** The client went away before its answer; no one reads what the engine would say. */
export class RequestAbandoned extends EngineError {
  constructor() {
    super('The client closed the connection before the answer.');
  }
}

/**
 * The engine's storage (its data directory, or SQLite's temporary files) has
 * no space left: the change was not made. Reads still work; a write succeeds
 * again once space is freed. See store/storage-errors.ts for what counts.
 */
export class StorageFullError extends EngineError {
  constructor(message = "The engine's storage is full; free space in its data directory, then retry.", options?: ErrorOptions) {
    super(message, options);
  }
}
