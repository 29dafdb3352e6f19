import type { Worker } from 'node:worker_threads';
import type { Arns } from '../arns';
import { BackgroundJobs } from '../models/background-jobs';
import { startWorker } from '../models/worker-script';
import type { ModelStore } from '../store/model-store';
import type { PackagingJobRow, PackagingJobStatus, PackagingJobStore } from '../store/packaging-store';
import { PACKAGEABLE_MODEL_STATES, type PackagingConfiguration, packageKeyPrefix, targetDevice } from './packaging-config';
import type { PackageTarget } from './package-writer';
import type { PackagingWorkerEvent } from './packaging-worker';

export const SHUTDOWN_MESSAGE = 'Packaging was cancelled because the engine shut down; start a new packaging job.';
export const RESTART_MESSAGE = 'The engine stopped during packaging; start a new packaging job.';

/** How long close() waits for a running packaging (a second or two of work) before it ends the worker. */
const SHUTDOWN_GRACE_MS = 10_000;

interface PackagingDeps {
  jobs: PackagingJobStore;
  models: ModelStore;
  arns: Arns;
  dataDir: string;
  modelDir(project: string, version: number): string;
  now(): number;
  log(message: string, error?: unknown): void;
}

const jobKey = (job: Pick<PackagingJobRow, 'project' | 'job_name'>) => `${job.project}/${job.job_name}`;

/**
 * The engine's model packaging jobs: CREATED until its turn, RUNNING while a
 * worker thread writes the package (one job at a time: each takes a second or
 * two and a core), then SUCCEEDED or FAILED with a StatusMessage. Every
 * status is written to SQLite first; a job applies a move only if it is still
 * where the move starts, so a job recovered or failed meanwhile is left alone.
 */
export class ModelPackaging {
  private readonly waiting: PackagingJobRow[] = [];
  /** Jobs in a worker now, and their workers. */
  private readonly running = new Set<string>();
  private readonly workers = new Set<Worker>();
  private readonly background: BackgroundJobs;
  private closing = false;

  constructor(private readonly deps: PackagingDeps) {
    this.background = new BackgroundJobs(deps.log);
  }

  /** Called once the job's CREATED row has committed. */
  enqueue(job: PackagingJobRow): void {
    if (this.closing) {
      this.move(job, ['CREATED'], 'FAILED', SHUTDOWN_MESSAGE);
      return;
    }
    this.waiting.push(job);
    this.startWaiting();
  }

  /** After a restart: a job CREATED or RUNNING when the engine stopped will never finish; it fails, as an interrupted training does. */
  recover(): void {
    for (const job of this.deps.jobs.withStatus('CREATED', 'RUNNING')) this.move(job, ['CREATED', 'RUNNING'], 'FAILED', RESTART_MESSAGE);
  }

  /** Shutdown: waiting jobs fail at once; a running one may finish within the grace, or its worker is ended and it fails. */
  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.waiting.splice(0)) this.move(job, ['CREATED'], 'FAILED', SHUTDOWN_MESSAGE);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SHUTDOWN_GRACE_MS)));
    const outcome = await Promise.race([this.background.idle(), grace]);
    clearTimeout(timer);
    if (outcome === 'late') {
      // The worker runs no onnxruntime session: ending it is safe. Its job is failed by the run's own handler.
      await Promise.all([...this.workers].map((worker) => worker.terminate()));
      await this.background.idle();
    }
  }

  /** Resolves when no packaging job is waiting or running (for tests). */
  async idle(): Promise<void> {
    await this.background.idle();
  }

  private startWaiting(): void {
    while (!this.closing && this.running.size === 0 && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (!this.move(next, ['CREATED'], 'RUNNING', 'Packaging the model.')) continue;
      this.start(next);
    }
  }

  private start(job: PackagingJobRow): void {
    const key = jobKey(job);
    this.running.add(key);
    this.background.run(`packaging ${key}`, async () => {
      try {
        await this.package(job);
      } finally {
        this.running.delete(key);
        this.startWaiting();
      }
    });
  }

  private async package(job: PackagingJobRow): Promise<void> {
    const configuration = JSON.parse(job.configuration) as PackagingConfiguration;
    const greengrass = configuration.Greengrass;
    const model = this.deps.models.get(job.project, job.model_version);
    if (!model || !PACKAGEABLE_MODEL_STATES.includes(model.status)) {
      this.move(job, ['RUNNING'], 'FAILED', `Model ${job.model_version} of ${job.project} is ${model ? model.status : 'deleted'}; it can no longer be packaged.`);
      return;
    }
    const componentArn = this.deps.arns.componentVersion(job.component_name, job.component_version);
    const keyPrefix = packageKeyPrefix(greengrass.S3OutputLocation.Prefix, job.component_name, job.component_version);
    const target: PackageTarget = {
      dataDir: this.deps.dataDir,
      modelDir: this.deps.modelDir(job.project, job.model_version),
      bucket: greengrass.S3OutputLocation.Bucket,
      keyPrefix,
      model: { project: job.project, version: job.model_version, arn: model.arn },
      component: { name: job.component_name, version: job.component_version, arn: componentArn, description: greengrass.ComponentDescription },
      job: {
        name: job.job_name,
        target: {
          targetDevice: greengrass.TargetDevice,
          targetPlatform: greengrass.TargetPlatform,
          compilerOptions: greengrass.CompilerOptions,
        },
      },
      device: targetDevice(greengrass),
    };
    let outcome: PackagingWorkerEvent;
    try {
      outcome = await this.runWorker(target);
    } catch (error) {
      outcome = { event: 'failed', message: String((error as Error)?.stack ?? error), expected: false };
    }
    if (outcome.event === 'packaged') {
      const location = `s3://${target.bucket}/${keyPrefix}`;
      if (!this.deps.jobs.succeed(job, componentArn, `The package is at ${location}.`, this.deps.now())) {
        this.deps.log(`packaging ${jobKey(job)} finished, but the job had moved on meanwhile`);
      }
      return;
    }
    if (outcome.expected) {
      this.move(job, ['RUNNING'], 'FAILED', outcome.message);
    } else if (this.closing) {
      // Its worker was ended by close().
      this.move(job, ['RUNNING'], 'FAILED', SHUTDOWN_MESSAGE);
    } else {
      this.deps.log(`packaging ${jobKey(job)} failed`, outcome.message);
      this.move(job, ['RUNNING'], 'FAILED', 'Packaging failed unexpectedly.');
    }
  }

  private runWorker(target: PackageTarget): Promise<PackagingWorkerEvent> {
    const worker = startWorker('../packaging/packaging-worker', { workerData: target });
    this.workers.add(worker);
    worker.once('exit', () => this.workers.delete(worker));
    // The worker ends by itself after its answer (see packaging-worker.ts).
    return new Promise<PackagingWorkerEvent>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`packaging worker exited with code ${code}`)));
    });
  }

  /** A status write that may fail (full disk, closed database): logged, never thrown. */
  private move(job: Pick<PackagingJobRow, 'project' | 'job_name'>, from: PackagingJobStatus[], to: PackagingJobStatus, message: string): boolean {
    try {
      return this.deps.jobs.transition(job, from, to, message, this.deps.now());
    } catch (error) {
      this.deps.log(`could not record ${to} for packaging job ${jobKey(job)}`, error);
      return false;
    }
  }
}
