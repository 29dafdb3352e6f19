import { rm } from 'node:fs/promises';
import { TrainingCancelled, type TrainingInput } from '../detector/trainer';
import { TrainingFailure } from '../engine-errors';
import type { Db } from '../store/database';
import type { ModelRow, ModelStore } from '../store/model-store';
import type { S3Mapping } from '../s3-mapping';
import type { BackgroundJobs } from './background-jobs';
import { evaluationOutput } from './evaluation-output';
import { applyTransition, jobStillWanted, type ModelTransition } from './model-lifecycle';
import { TrainingRun } from './training-run';

export const SHUTDOWN_CANCELLED_MESSAGE = 'Training was cancelled because the engine shut down; create the model again.';

interface TrainingDeps {
  db: Db;
  models: ModelStore;
  s3: S3Mapping;
  jobs: BackgroundJobs;
  now(): number;
  log(message: string, error?: unknown): void;
  modelDir(project: string, version: number): string;
}

interface TrainingOptions {
  /** Trainings that run at once; each uses every core and a few hundred MB. */
  maxConcurrent: number;
  /** onnxruntime threads a training uses. */
  threads: number;
}

interface Waiting {
  model: ModelRow;
  input: TrainingInput;
}

const modelKey = (m: Pick<ModelRow, 'project' | 'version'>) => `${m.project}/${m.version}`;

/**
 * The engine's trainings: at most `maxConcurrent` run, each in a worker
 * thread; the rest wait in TRAINING, first come first served, their
 * StatusMessage saying where they are in line. A waiting training whose model
 * is no longer TRAINING when its turn comes is dropped. `cancelAll` (engine
 * shutdown) fails the waiting ones and asks the running ones to stop.
 */
export class ModelTraining {
  private readonly waiting: Waiting[] = [];
  private readonly running = new Map<string, TrainingRun>();
  private closing = false;

  constructor(
    private readonly deps: TrainingDeps,
    private readonly options: TrainingOptions,
  ) {}

  /** The StatusMessage a model created now starts with: training, or its place in line. */
  initialMessage(): string {
    const ahead = this.running.size + this.waiting.length;
    return ahead < this.options.maxConcurrent ? 'Training the model.' : this.queuedMessage(this.waiting.length + 1);
  }

  /** Called once the model's TRAINING row has committed. */
  enqueue(model: ModelRow, input: TrainingInput): void {
    if (this.closing) {
      this.record(model, 'trainingFailed', SHUTDOWN_CANCELLED_MESSAGE);
      return;
    }
    this.waiting.push({ model, input });
    this.startWaiting();
  }

  /** Engine shutdown: waiting trainings fail at once, running ones are asked to stop (see TrainingRun.cancel). */
  cancelAll(): void {
    this.closing = true;
    for (const { model } of this.waiting.splice(0)) this.record(model, 'trainingFailed', SHUTDOWN_CANCELLED_MESSAGE);
    for (const run of this.running.values()) run.cancel();
  }

  private startWaiting(): void {
    while (!this.closing && this.running.size < this.options.maxConcurrent && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (this.stillTraining(next.model)) this.start(next);
    }
    this.reportPositions();
  }

  private start(waiting: Waiting): void {
    const key = modelKey(waiting.model);
    this.record(waiting.model, 'trainingProgress', 'Training the model.');
    const run = new TrainingRun();
    this.running.set(key, run);
    this.deps.jobs.run(`training ${key}`, async () => {
      try {
        await this.train(waiting, run);
      } finally {
        this.running.delete(key);
        this.startWaiting();
      }
    });
  }

  private async train({ model, input }: Waiting, run: TrainingRun): Promise<void> {
    const { db, models } = this.deps;
    try {
      const output = evaluationOutput(model, this.deps.s3);
      const modelDir = this.deps.modelDir(model.project, model.version);
      const manifest = await run.run({ input, threads: this.options.threads, modelDir, evaluation: output });
      const recorded = db.transaction(() => {
        if (!applyTransition(models, model, 'trained', 'Training completed.')) return false;
        models.update(model.project, model.version, {
          performance: JSON.stringify(manifest.performance),
          evaluation_manifest_key: output.keys.manifest,
          evaluation_result_key: output.keys.result,
          evaluation_end: this.deps.now(),
        });
        return true;
      })();
      if (!recorded) await this.removeFiles(model);
    } catch (error) {
      this.record(model, 'trainingFailed', this.failureMessage(model, error));
      await this.removeFiles(model);
    }
  }

  private failureMessage(model: ModelRow, error: unknown): string {
    if (error instanceof TrainingCancelled) return SHUTDOWN_CANCELLED_MESSAGE;
    if (error instanceof TrainingFailure) return error.message;
    this.deps.log(`training ${modelKey(model)} failed`, error);
    return 'Training failed unexpectedly.';
  }

  private stillTraining(model: ModelRow): boolean {
    try {
      return jobStillWanted(this.deps.models.get(model.project, model.version), 'train');
    } catch (error) {
      this.deps.log(`could not read the status of ${modelKey(model)}`, error);
      return false;
    }
  }

  private reportPositions(): void {
    const stillWaiting = this.waiting.filter((w) => this.stillTraining(w.model));
    this.waiting.splice(0, this.waiting.length, ...stillWaiting);
    this.waiting.forEach((w, index) => this.record(w.model, 'trainingProgress', this.queuedMessage(index + 1)));
  }

  private queuedMessage(position: number): string {
    const { maxConcurrent } = this.options;
    return `Queued for training, position ${position} in line; the engine trains at most ${maxConcurrent} model${maxConcurrent === 1 ? '' : 's'} at a time.`;
  }

  /** A status write that may fail (full disk, closed database): logged, never thrown, so the caller's own cleanup still runs. */
  private record(model: ModelRow, transition: ModelTransition, message: string): void {
    try {
      applyTransition(this.deps.models, model, transition, message);
    } catch (error) {
      this.deps.log(`could not record ${transition} for ${modelKey(model)}`, error);
    }
  }

  /** Whatever a failed or unwanted training left in the model's directory. */
  private async removeFiles(model: ModelRow): Promise<void> {
    await rm(this.deps.modelDir(model.project, model.version), { recursive: true, force: true }).catch((error: unknown) =>
      this.deps.log(`could not remove the files of ${modelKey(model)}`, error),
    );
  }
}
