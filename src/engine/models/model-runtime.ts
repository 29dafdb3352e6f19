import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Detection } from '../detector/detection';
import { onnxGraphs } from '../detector/patch-model';
import type { TrainingInput } from '../detector/trainer';
import type { EngineLimits } from '../engine-context';
import { WrongStateError } from '../engine-errors';
import type { Db } from '../store/database';
import type { ModelRow, ModelStore } from '../store/model-store';
import type { S3Mapping } from '../s3-mapping';
import { BackgroundJobs } from './background-jobs';
import { InferencePool, type PoolOptions } from './inference-pool';
import { HOLDS_INFERENCE_UNITS, MODEL_TRANSITIONS, applyTransition, jobStillWanted, type ModelTransition } from './model-lifecycle';
import { ModelTraining } from './model-training';

export interface RuntimeOptions {
  dataDir: string;
  /** How long a unit above MinInferenceUnits may idle before it is retired. */
  idleUnitMs: number;
  /** onnxruntime threads a training run uses. */
  trainingThreads: number;
  limits: Pick<EngineLimits, 'maxTotalInferenceUnits' | 'maxConcurrentTrainings' | 'detectionQueueTimeoutMs'>;
}

interface RuntimeDeps {
  db: Db;
  models: ModelStore;
  s3: S3Mapping;
  now(): number;
  log(message: string, error?: unknown): void;
}

/** How long close() waits for cancelled trainings to answer; past it, restart recovery fails them instead. */
const SHUTDOWN_GRACE_MS = 10_000;

const modelKey = (project: string, version: number) => `${project}/${version}`;

/**
 * Runs what the model operations set in motion, once their transaction has
 * committed: training (see ModelTraining), hosting in a pool of inference
 * units, stopping, deleting. Each job first checks that its model is still in
 * the state the request left it in. Every status it reaches is written to
 * SQLite first, so a restart knows where each model was.
 */
export class ModelRuntime {
  private readonly pools = new Map<string, InferencePool>();
  private readonly jobs: BackgroundJobs;
  private readonly training: ModelTraining;
  private closing = false;

  constructor(
    private readonly deps: RuntimeDeps,
    private readonly options: RuntimeOptions,
  ) {
    this.jobs = new BackgroundJobs(deps.log);
    this.training = new ModelTraining(
      { ...deps, jobs: this.jobs, modelDir: (project, version) => this.modelDir(project, version) },
      { maxConcurrent: options.limits.maxConcurrentTrainings, threads: options.trainingThreads },
    );
  }

  modelDir(project: string, version: number): string {
    return join(this.options.dataDir, 'models', project, String(version));
  }

  /** After a restart: finish or fail what was in flight, and host again what was hosted. */
  recover(): void {
    const { models } = this.deps;
    for (const m of models.withStatus('TRAINING')) this.move(m, 'trainingFailed', 'The engine stopped during training; create the model again.');
    for (const m of models.withStatus('STOPPING_HOSTING')) this.move(m, 'stopped', 'Hosting stopped.');
    for (const m of models.withStatus('DELETING')) this.delete(m);
    for (const m of models.withStatus(...MODEL_TRANSITIONS.rehostAfterRestart.from)) {
      this.move(m, 'rehostAfterRestart', 'Hosting again after an engine restart.');
      this.host(m.project, m.version, { minUnits: m.min_inference_units ?? 1, maxUnits: m.max_inference_units ?? m.min_inference_units ?? 1 });
    }
  }

  /** The StatusMessage of a model created now: training at once, or its place in the training queue. */
  trainingMessage(): string {
    return this.training.initialMessage();
  }

  train(model: ModelRow, input: TrainingInput): void {
    this.training.enqueue(model, input);
  }

  host(project: string, version: number, units: Pick<PoolOptions, 'minUnits' | 'maxUnits'>): void {
    const key = modelKey(project, version);
    this.jobs.run(`hosting ${key}`, async () => {
      if (this.closing || !jobStillWanted(this.deps.models.get(project, version), 'host')) return;
      try {
        const pool = new InferencePool(
          { kind: 'host', modelDir: this.modelDir(project, version), graphs: await onnxGraphs() },
          {
            ...units,
            modelId: key,
            idleMs: this.options.idleUnitMs,
            queuePerUnit: 16,
            queueTimeoutMs: this.options.limits.detectionQueueTimeoutMs,
            mayAddUnit: () => this.roomForOneMoreUnit(),
          },
          this.deps.log,
        );
        this.pools.set(key, pool);
        await pool.start();
        // Shutting down: the model stays STARTING_HOSTING on disk and is hosted again on start.
        if (this.closing || !this.move({ project, version }, 'hosted', 'The model is running.')) await this.release(key);
      } catch (error) {
        this.deps.log(`hosting ${key} failed`, error);
        await this.release(key);
        this.move({ project, version }, 'hostingFailed', 'The model could not be loaded.');
      }
    });
  }

  stop(project: string, version: number): void {
    this.jobs.run(`stopping ${modelKey(project, version)}`, async () => {
      if (!jobStillWanted(this.deps.models.get(project, version), 'stop')) return;
      await this.release(modelKey(project, version));
      this.move({ project, version }, 'stopped', 'Hosting stopped.');
    });
  }

  delete(model: Pick<ModelRow, 'project' | 'version'>): void {
    const { project, version } = model;
    this.jobs.run(`deleting ${modelKey(project, version)}`, async () => {
      const { db, models } = this.deps;
      if (!jobStillWanted(models.get(project, version), 'delete')) return;
      await this.release(modelKey(project, version));
      await rm(this.modelDir(project, version), { recursive: true, force: true });
      db.transaction(() => {
        if (jobStillWanted(models.get(project, version), 'delete')) models.delete(project, version);
      })();
    });
  }

  /** `signal` fires when the client goes away: a detection still waiting for a unit is then dropped. */
  detect(project: string, version: number, image: Buffer, signal?: AbortSignal): Promise<Detection> {
    const pool = this.pools.get(modelKey(project, version));
    if (!pool) return Promise.reject(new WrongStateError('MODEL', modelKey(project, version), `Model ${version} of ${project} is not hosted.`));
    return pool.detect(image, signal);
  }

  /** Current inference units of a hosted model (0 when not hosted). */
  unitsOf(project: string, version: number): number {
    return this.pools.get(modelKey(project, version))?.unitCount ?? 0;
  }

  /** Detections of a hosted model waiting for a unit. */
  queuedDetections(project: string, version: number): number {
    return this.pools.get(modelKey(project, version))?.queuedCount ?? 0;
  }

  /**
   * Inference units the engine has given out: each model that holds units
   * counts its MinInferenceUnits (reserved from StartModel on, even while it
   * loads) or, when auto-scaled above them, the units it runs.
   */
  inferenceUnitsInUse(): number {
    return this.deps.models
      .withStatus(...HOLDS_INFERENCE_UNITS)
      .reduce((sum, m) => sum + Math.max(m.min_inference_units ?? 0, this.unitsOf(m.project, m.version)), 0);
  }

  /**
   * Shutdown: cancels trainings (waiting ones fail at once, running ones stop
   * at their next image and fail), lets hosting and stopping finish, then
   * stops every pool. Hosted models stay HOSTED on disk, to be hosted again on
   * start. Resolves within seconds, not after a training run.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.training.cancelAll();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SHUTDOWN_GRACE_MS)));
    const outcome = await Promise.race([this.jobs.idle(), grace]);
    clearTimeout(timer);
    if (outcome === 'late') this.deps.log(`background jobs still running after ${SHUTDOWN_GRACE_MS / 1000} s of shutdown; restart recovery will settle them`);
    await Promise.all([...this.pools.keys()].map((key) => this.release(key)));
  }

  /** Resolves when no training, hosting, stopping or deleting is in progress (for tests). */
  async idle(): Promise<void> {
    await this.jobs.idle();
  }

  private roomForOneMoreUnit(): boolean {
    try {
      return this.inferenceUnitsInUse() < this.options.limits.maxTotalInferenceUnits;
    } catch (error) {
      // Called from a unit's message handler: a throw there would end the process.
      this.deps.log('could not count the inference units in use', error);
      return false;
    }
  }

  private move(model: Pick<ModelRow, 'project' | 'version'>, transition: ModelTransition, message: string): boolean {
    return applyTransition(this.deps.models, model, transition, message);
  }

  private async release(key: string): Promise<void> {
    const pool = this.pools.get(key);
    this.pools.delete(key);
    await pool?.stop();
  }
}
