import type { ModelManifest } from '../detector/model-artifact';
import { onnxGraphs } from '../detector/patch-model';
import { TrainingCancelled } from '../detector/trainer';
import { TrainingFailure } from '../engine-errors';
import { CancelFlag } from './cancel-flag';
import type { WorkerEvent, WorkerJob } from './model-worker';
import { startWorker } from './worker-script';

export type TrainingJob = Omit<Extract<WorkerJob, { kind: 'train' }>, 'kind' | 'graphs' | 'cancel'>;

/**
 * One training in its own worker thread, which also writes the model and
 * its evaluation. `run()` resolves with the model's manifest; it rejects
 * with TrainingFailure (the data's fault, message for the user),
 * TrainingCancelled after `cancel()`, or any other error (a bug).
 */
export class TrainingRun {
  private readonly cancelFlag = new CancelFlag();

  /** Asks the worker to stop at its next check (within a few ms); `run()` then rejects with TrainingCancelled. */
  cancel(): void {
    this.cancelFlag.cancel();
  }

  async run(job: TrainingJob): Promise<ModelManifest> {
    const graphs = await onnxGraphs();
    this.cancelFlag.throwIfAborted();
    const worker = startWorker('model-worker', { workerData: { kind: 'train', graphs, cancel: this.cancelFlag.buffer, ...job } satisfies WorkerJob });
    // The worker ends by itself after its answer (see model-worker.ts).
    return new Promise<ModelManifest>((resolve, reject) => {
      worker.once('message', (event: WorkerEvent) => {
        if (event.event === 'trained') resolve(event.manifest);
        else if (event.event === 'cancelled') reject(new TrainingCancelled());
        else if (event.event === 'failed') reject(event.expected ? new TrainingFailure(event.message) : new Error(event.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`training worker exited with code ${code}`)));
    });
  }
}
