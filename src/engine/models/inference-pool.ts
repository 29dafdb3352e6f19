import type { Worker } from 'node:worker_threads';
import type { Detection } from '../detector/detection';
import { InvalidInputError, OverloadedError, RequestAbandoned, ServiceFailure, WrongStateError } from '../engine-errors';
import type { HostMessage, HostReply, WorkerEvent, WorkerJob } from './model-worker';
import { startWorker } from './worker-script';

export interface PoolOptions {
  /** `project/version`, for errors that name the model. */
  modelId: string;
  minUnits: number;
  maxUnits: number;
  /** A unit above the minimum idle this long is retired. */
  idleMs: number;
  /** Requests waiting per unit before new ones are throttled. */
  queuePerUnit: number;
  /** A request still waiting for a unit after this long is answered ThrottlingException. */
  queueTimeoutMs: number;
  /** Whether the engine has room for one more unit above the minimum (its cap on units of all models). */
  mayAddUnit(): boolean;
}

interface Unit {
  worker: Worker;
  ready: boolean;
  busyWith: Job | null;
  idleSince: number;
  /** Set when the pool ends the unit on purpose, so its exit is not replaced. */
  retiring: boolean;
}

interface Job {
  id: number;
  image: Buffer;
  resolve(result: Detection): void;
  reject(error: Error): void;
  /** Ends the job's wait: its deadline and its client-disconnect listener. */
  stopWaiting(): void;
}

/**
 * The inference units of one hosted model: each a worker thread holding the
 * model. Starts `minUnits`; while requests queue and every unit is busy, adds
 * units up to `maxUnits`; retires units above the minimum once idle.
 */
export class InferencePool {
  private readonly units = new Set<Unit>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private stopped = false;
  private readonly reaper: NodeJS.Timeout;

  constructor(
    private readonly job: Extract<WorkerJob, { kind: 'host' }>,
    private readonly options: PoolOptions,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    this.reaper = setInterval(() => this.retireIdle(), Math.max(50, options.idleMs / 2));
    this.reaper.unref();
  }

  /** Resolves when the minimum units hold the model; rejects if one cannot load it. */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.minUnits }, () => this.addUnit()));
  }

  get unitCount(): number {
    return this.units.size;
  }

  /** Requests waiting for a unit. */
  get queuedCount(): number {
    return this.queue.length;
  }

  /**
   * Queues the image for the next free unit. `signal` (the client went away)
   * takes a waiting request out of the queue; one already in a unit finishes
   * and its answer is dropped.
   */
  detect(image: Buffer, signal?: AbortSignal): Promise<Detection> {
    if (this.stopped) return Promise.reject(this.notHosted('The model is no longer hosted.'));
    if (signal?.aborted) return Promise.reject(new RequestAbandoned());
    if (this.queue.length >= this.options.queuePerUnit * this.options.maxUnits) {
      return Promise.reject(new OverloadedError('Too many requests are waiting for this model; retry shortly.', 1));
    }
    return new Promise((resolve, reject) => {
      const leaveQueue = (error: Error) => {
        const index = this.queue.indexOf(job);
        if (index < 0) return;
        this.queue.splice(index, 1);
        job.stopWaiting();
        reject(error);
      };
      const seconds = this.options.queueTimeoutMs / 1000;
      const deadline = setTimeout(() => leaveQueue(new OverloadedError(`The request waited ${seconds} s for an inference unit of this model; retry shortly.`, 1)), this.options.queueTimeoutMs);
      deadline.unref();
      const onAbort = () => leaveQueue(new RequestAbandoned());
      signal?.addEventListener('abort', onAbort, { once: true });
      const job: Job = {
        id: this.nextId++,
        image,
        resolve,
        reject,
        stopWaiting: () => {
          clearTimeout(deadline);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      this.queue.push(job);
      this.pump();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reaper);
    for (const job of this.queue.splice(0)) {
      job.stopWaiting();
      job.reject(this.notHosted('The model stopped before this request ran.'));
    }
    await Promise.all([...this.units].map((unit) => this.removeUnit(unit)));
  }

  private notHosted(message: string): WrongStateError {
    return new WrongStateError('MODEL', this.options.modelId, message);
  }

  private pump(): void {
    for (const unit of this.units) {
      if (this.queue.length === 0) return;
      if (unit.ready && !unit.busyWith) this.assign(unit, this.queue.shift()!);
    }
    const starting = [...this.units].some((u) => !u.ready);
    // Units up to the minimum are the model's own; above it they need room under the engine's cap.
    const roomForUnit = this.units.size < this.options.minUnits || (this.units.size < this.options.maxUnits && this.options.mayAddUnit());
    if (this.queue.length > 0 && !starting && roomForUnit) {
      this.addUnit().catch((error) => this.log('could not add an inference unit', error));
    }
  }

  private assign(unit: Unit, job: Job): void {
    job.stopWaiting();
    unit.busyWith = job;
    const image = new Uint8Array(job.image);
    unit.worker.postMessage({ id: job.id, image } satisfies HostMessage, [image.buffer]);
  }

  private addUnit(): Promise<void> {
    const worker = startWorker('model-worker', { workerData: this.job, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    const unit: Unit = { worker, ready: false, busyWith: null, idleSince: Date.now(), retiring: false };
    this.units.add(unit);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WorkerEvent | HostReply) => {
        if ('event' in message) {
          if (message.event === 'ready') {
            unit.ready = true;
            resolve();
            this.pump();
          } else if (message.event === 'failed') {
            this.log('an inference unit failed to load the model', message.message);
            void this.removeUnit(unit);
            reject(new Error(message.expected ? message.message : 'The model could not be loaded.'));
          }
          return;
        }
        const job = unit.busyWith;
        unit.busyWith = null;
        unit.idleSince = Date.now();
        if (job && job.id === message.id) {
          if (message.ok) job.resolve(message.result);
          else if (message.kind === 'validation') job.reject(new InvalidInputError(message.message));
          else {
            this.log('inference failed', message.detail);
            job.reject(new ServiceFailure());
          }
        }
        this.pump();
      });
      worker.on('error', (error) => {
        this.log('an inference unit crashed', error);
        unit.busyWith?.reject(new ServiceFailure());
        unit.busyWith = null;
        reject(error);
      });
      worker.on('exit', () => {
        this.units.delete(unit);
        unit.busyWith?.reject(new ServiceFailure());
        unit.busyWith = null;
        if (!unit.retiring && !this.stopped && this.units.size < this.options.minUnits) {
          this.addUnit().catch((error) => this.log('could not replace an inference unit', error));
        }
      });
    });
  }

  /** Asks the unit to finish and end; forces it only if it does not within a few seconds. */
  private async removeUnit(unit: Unit): Promise<void> {
    unit.retiring = true;
    this.units.delete(unit);
    const exited = new Promise<void>((resolve) => unit.worker.once('exit', () => resolve()));
    unit.worker.postMessage({ close: true } satisfies HostMessage);
    const timer = setTimeout(() => void unit.worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private retireIdle(): void {
    const now = Date.now();
    for (const unit of this.units) {
      if (this.units.size <= this.options.minUnits) return;
      if (unit.ready && !unit.busyWith && now - unit.idleSince >= this.options.idleMs) void this.removeUnit(unit);
    }
  }
}
