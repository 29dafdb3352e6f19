import { WrongStateError } from '../engine-errors';

/** Lifecycle state of a model version, exactly as Lookout names it. */
export type ModelStatus =
  | 'TRAINING'
  | 'TRAINED'
  | 'TRAINING_FAILED'
  | 'STARTING_HOSTING'
  | 'HOSTED'
  | 'HOSTING_FAILED'
  | 'STOPPING_HOSTING'
  | 'SYSTEM_UPDATING'
  | 'DELETING';

interface Transition {
  from: readonly ModelStatus[];
  to: ModelStatus;
}

/**
 * The model state machine: every status change the engine makes, from the
 * states it may start in. Operations, the runtime and the store all go
 * through this table, so a new operation cannot forget a guard.
 *
 * ```
 * CreateModel -> TRAINING -> TRAINED | TRAINING_FAILED
 * StartModel (TRAINED, HOSTING_FAILED) -> STARTING_HOSTING -> HOSTED | HOSTING_FAILED
 * StopModel (HOSTED) -> STOPPING_HOSTING -> TRAINED
 * DeleteModel (TRAINED, TRAINING_FAILED, HOSTING_FAILED) -> DELETING -> gone
 * ```
 */
export const MODEL_TRANSITIONS = {
  /** A message-only move while training: the queue position, or the start of a queued training. */
  trainingProgress: { from: ['TRAINING'], to: 'TRAINING' },
  trained: { from: ['TRAINING'], to: 'TRAINED' },
  trainingFailed: { from: ['TRAINING'], to: 'TRAINING_FAILED' },
  /** From HOSTING_FAILED too: a load that failed (files restored, memory freed) may be tried again; else the version could only be deleted. */
  startRequested: { from: ['TRAINED', 'HOSTING_FAILED'], to: 'STARTING_HOSTING' },
  hosted: { from: ['STARTING_HOSTING'], to: 'HOSTED' },
  hostingFailed: { from: ['STARTING_HOSTING'], to: 'HOSTING_FAILED' },
  stopRequested: { from: ['HOSTED'], to: 'STOPPING_HOSTING' },
  stopped: { from: ['STOPPING_HOSTING'], to: 'TRAINED' },
  deleteRequested: { from: ['TRAINED', 'TRAINING_FAILED', 'HOSTING_FAILED'], to: 'DELETING' },
  /** After an engine restart, a model that was (being) hosted is loaded again. */
  rehostAfterRestart: { from: ['HOSTED', 'STARTING_HOSTING', 'SYSTEM_UPDATING'], to: 'STARTING_HOSTING' },
} as const satisfies Record<string, Transition>;

export type ModelTransition = keyof typeof MODEL_TRANSITIONS;

/** What a client may ask of a model: the transition it starts (or, for detect, the state it needs) and why it is refused. */
const REQUESTS = {
  start: { allowedIn: MODEL_TRANSITIONS.startRequested.from, refusal: 'cannot start it (only a TRAINED model, or one whose hosting failed, can be started)' },
  stop: { allowedIn: MODEL_TRANSITIONS.stopRequested.from, refusal: 'cannot stop it (only a HOSTED model can be stopped)' },
  delete: { allowedIn: MODEL_TRANSITIONS.deleteRequested.from, refusal: 'cannot delete it (stop it or wait for it first)' },
  detect: { allowedIn: ['HOSTED'], refusal: 'cannot detect anomalies (the model must be HOSTED; start it first)' },
} as const satisfies Record<string, { allowedIn: readonly ModelStatus[]; refusal: string }>;

export type ModelRequest = keyof typeof REQUESTS;

/**
 * The background job each request schedules, and the status its model must
 * still have when the job runs: the one the request's transition set. A job
 * whose model moved on meanwhile (failed, cancelled, recovered) does nothing.
 */
const JOBS = {
  train: MODEL_TRANSITIONS.trained.from,
  host: MODEL_TRANSITIONS.hosted.from,
  stop: MODEL_TRANSITIONS.stopped.from,
  delete: [MODEL_TRANSITIONS.deleteRequested.to],
} as const satisfies Record<string, readonly ModelStatus[]>;

export type ModelJob = keyof typeof JOBS;

/** Whether the model (undefined: gone) is still where `job` expects it. */
export function jobStillWanted(model: Pick<ModelState, 'status'> | undefined, job: ModelJob): boolean {
  return model !== undefined && (JOBS[job] as readonly ModelStatus[]).includes(model.status);
}

/**
 * States in which a model holds (or is about to hold, or still holds)
 * inference units: those hosted again after a restart, and a stopping one
 * whose units are still finishing their requests.
 */
export const HOLDS_INFERENCE_UNITS: readonly ModelStatus[] = [...MODEL_TRANSITIONS.rehostAfterRestart.from, MODEL_TRANSITIONS.stopRequested.to];

export interface ModelState {
  project: string;
  version: number;
  status: ModelStatus;
}

/** Throws the WrongStateError (a ConflictException on the wire) when the model's status does not allow the request. */
export function assertModelAllows(model: ModelState, request: ModelRequest): void {
  const rule = REQUESTS[request];
  if (!(rule.allowedIn as readonly ModelStatus[]).includes(model.status)) {
    throw new WrongStateError('MODEL', `${model.project}/${model.version}`, `Model ${model.version} of ${model.project} is ${model.status}; ${rule.refusal}.`);
  }
}

/** The store's conditional update: sets `to` only while the status is one of `from`. */
interface TransitionStore {
  transition(project: string, version: number, from: ModelStatus[] | null, to: ModelStatus, message: string | null): boolean;
}

/**
 * Moves the model along `transition` if it is still in one of the states the
 * transition starts from; says whether it did. A background job whose model
 * changed meanwhile (deleted, stopped, recovered) thus changes nothing.
 */
export function applyTransition(store: TransitionStore, model: Pick<ModelState, 'project' | 'version'>, transition: ModelTransition, message: string): boolean {
  const { from, to } = MODEL_TRANSITIONS[transition];
  return store.transition(model.project, model.version, [...from], to, message);
}
