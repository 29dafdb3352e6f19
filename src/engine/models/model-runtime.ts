import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Detection } from '../detector/detection';
import { saveArtifact } from '../detector/model-artifact';
import { onnxGraphs } from '../detector/patch-model';
import type { TrainingInput, TrainingResult } from '../detector/trainer';
import { TrainingFailure, WrongStateError } from '../engine-errors';
import { writeFileAtomic } from '../store/atomic-file';
import type { Db } from '../store/database';
import type { ModelRow, ModelStore } from '../store/model-store';
import type { S3Mapping } from '../s3-mapping';
import { InferencePool, type PoolOptions } from './inference-pool';
import { MODEL_TRANSITIONS, applyTransition, type ModelTransition } from './model-lifecycle';
import type { WorkerEvent, WorkerJob } from './model-worker';
import { startWorker } from './worker-script';

export interface RuntimeOptions {
  dataDir: string;
  /** How long a unit above MinInferenceUnits may idle before it is retired. */
  idleUnitMs: number;
  /** onnxruntime threads a training run uses. */
  trainingThreads: number;
}

interface RuntimeDeps {
  db: Db;
  models: ModelStore;
  s3: S3Mapping;
  now(): number;
  log(message: string, error?: unknown): void;
}

const modelKey = (project: string, version: number) => `${project}/${version}`;

/**
 * Runs what the model operations set in motion: training in a worker thread,
 * hosting in a pool of inference units, stopping, deleting. Every status it
 * reaches is written to SQLite first, so a restart knows where each model was.
 */
export class ModelRuntime {
  private readonly pools = new Map<string, InferencePool>();
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: RuntimeDeps,
    private readonly options: RuntimeOptions,
  ) {}

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

  train(model: ModelRow, input: TrainingInput): void {
    this.track(async () => {
      const { models } = this.deps;
      // Scheduled inside the request's transaction: if that rolled back, there is nothing to train.
      if (models.get(model.project, model.version)?.status !== 'TRAINING') return;
      try {
        const result = await this.runTraining(input);
        saveArtifact(this.modelDir(model.project, model.version), result.artifact);
        const keys = this.writeEvaluation(model, result);
        this.deps.db.transaction(() => {
          if (!this.move(model, 'trained', 'Training completed.')) return;
          models.update(model.project, model.version, {
            performance: JSON.stringify(result.artifact.manifest.performance),
            evaluation_manifest_key: keys.manifest,
            evaluation_result_key: keys.result,
            evaluation_end: this.deps.now(),
          });
        })();
      } catch (error) {
        const message = error instanceof TrainingFailure ? error.message : 'Training failed unexpectedly.';
        if (!(error instanceof TrainingFailure)) this.deps.log(`training ${modelKey(model.project, model.version)} failed`, error);
        this.move(model, 'trainingFailed', message);
      }
    });
  }

  host(project: string, version: number, units: Pick<PoolOptions, 'minUnits' | 'maxUnits'>): void {
    this.track(async () => {
      const { models } = this.deps;
      const key = modelKey(project, version);
      if (models.get(project, version)?.status !== 'STARTING_HOSTING') return;
      try {
        const pool = new InferencePool(
          { kind: 'host', modelDir: this.modelDir(project, version), graphs: await onnxGraphs() },
          { ...units, modelId: key, idleMs: this.options.idleUnitMs, queuePerUnit: 16 },
          this.deps.log,
        );
        this.pools.set(key, pool);
        await pool.start();
        if (!this.move({ project, version }, 'hosted', 'The model is running.')) await this.release(key);
      } catch (error) {
        this.deps.log(`hosting ${key} failed`, error);
        await this.release(key);
        this.move({ project, version }, 'hostingFailed', 'The model could not be loaded.');
      }
    });
  }

  stop(project: string, version: number): void {
    this.track(async () => {
      await this.release(modelKey(project, version));
      this.move({ project, version }, 'stopped', 'Hosting stopped.');
    });
  }

  delete(model: Pick<ModelRow, 'project' | 'version'>): void {
    this.track(async () => {
      await this.release(modelKey(model.project, model.version));
      rmSync(this.modelDir(model.project, model.version), { recursive: true, force: true });
      this.deps.models.delete(model.project, model.version);
    });
  }

  detect(project: string, version: number, image: Buffer): Promise<Detection> {
    const pool = this.pools.get(modelKey(project, version));
    if (!pool) return Promise.reject(new WrongStateError('MODEL', modelKey(project, version), `Model ${version} of ${project} is not hosted.`));
    return pool.detect(image);
  }

  /** Current inference units of a hosted model (0 when not hosted). */
  unitsOf(project: string, version: number): number {
    return this.pools.get(modelKey(project, version))?.unitCount ?? 0;
  }

  /** Waits for background work; stops every pool (the models stay HOSTED on disk, to be hosted again on start). */
  async close(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
    await Promise.all([...this.pools.keys()].map((key) => this.release(key)));
  }

  /** Resolves when no training, hosting or stopping is in progress (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private move(model: Pick<ModelRow, 'project' | 'version'>, transition: ModelTransition, message: string): boolean {
    return applyTransition(this.deps.models, model, transition, message);
  }

  private async release(key: string): Promise<void> {
    const pool = this.pools.get(key);
    this.pools.delete(key);
    await pool?.stop();
  }

  private track(work: () => Promise<void>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(work);
    this.background.add(run);
    void run.finally(() => this.background.delete(run));
  }

  private async runTraining(input: TrainingInput): Promise<TrainingResult> {
    const job: WorkerJob = { kind: 'train', input, graphs: await onnxGraphs(), threads: this.options.trainingThreads };
    const worker = startWorker('model-worker', { workerData: job });
    // The worker ends by itself after its answer (see model-worker.ts).
    return new Promise<TrainingResult>((resolve, reject) => {
      worker.once('message', (event: WorkerEvent) => {
        if (event.event === 'trained') resolve(event.result);
        else if (event.event === 'failed') reject(event.expected ? new TrainingFailure(event.message) : new Error(event.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`training worker exited with code ${code}`)));
    });
  }

  /** Evaluation artefacts under the model's OutputConfig location, as Lookout writes them to S3. */
  private writeEvaluation(model: ModelRow, result: TrainingResult): { manifest: string; result: string } {
    const prefix = `${model.output_prefix ?? ''}${model.project}/model-${model.version}/`;
    const keys = { manifest: `${prefix}evaluation-manifest.jsonl`, result: `${prefix}evaluation-result.json` };
    const bucket = model.output_bucket;
    const { manifest } = result.artifact;
    writeFileAtomic(this.deps.s3.pathOf({ bucket, key: keys.manifest }), result.evaluation.map((e) => JSON.stringify(e)).join('\n') + '\n');
    writeFileAtomic(
      this.deps.s3.pathOf({ bucket, key: keys.result }),
      JSON.stringify(
        {
          ModelVersion: String(model.version),
          Performance: manifest.performance,
          Threshold: manifest.threshold,
          ImageSize: { Width: manifest.imageWidth, Height: manifest.imageHeight },
          Segmentation: manifest.segmentation ? manifest.segmentation.classes.map((c) => ({ Name: c.name, Color: c.color })) : null,
          Training: manifest.training,
        },
        null,
        2,
      ),
    );
    return keys;
  }
}
