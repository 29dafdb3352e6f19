import { parentPort, workerData } from 'node:worker_threads';
import { HostedDetector, ImageSizeError } from '../detector/detection';
import { loadArtifact, saveArtifact, type ModelManifest } from '../detector/model-artifact';
import { ImageDecodeError } from '../detector/image-tensor';
import { PatchModel, type DetectorGraphs } from '../detector/patch-model';
import { TrainingCancelled, TrainingError, trainModel, type TrainingInput } from '../detector/trainer';
import { CancelFlag } from './cancel-flag';
import { writeEvaluation, type EvaluationOutput } from './evaluation-output';

/*
 * A worker thread of the engine: either one inference unit holding a hosted
 * model, or one training run. Heavy work stays off the engine's event loop.
 */

export type WorkerJob =
  | { kind: 'host'; modelDir: string; graphs: DetectorGraphs }
  | {
      kind: 'train';
      input: TrainingInput;
      graphs: DetectorGraphs;
      threads: number;
      /** The trained model and its evaluation are written here, by the worker, off the engine's event loop. */
      modelDir: string;
      evaluation: EvaluationOutput;
      /** A CancelFlag's memory: set by the engine to stop the training. */
      cancel: SharedArrayBuffer;
    };

export type HostMessage = { id: number; image: Uint8Array } | { close: true };
export type HostReply =
  | { id: number; ok: true; result: import('../detector/detection').Detection }
  | { id: number; ok: false; kind: 'validation' | 'internal'; message: string; detail?: string };
export type WorkerEvent =
  | { event: 'ready' }
  | { event: 'failed'; message: string; expected: boolean }
  | { event: 'trained'; manifest: ModelManifest }
  | { event: 'cancelled' };

const job = workerData as WorkerJob;
const port = parentPort!;

async function run(): Promise<void> {
  if (job.kind === 'train') {
    // Ending the thread while onnxruntime runs aborts the process, so a
    // cancel is cooperative: training checks the flag between images and steps.
    const cancel = new CancelFlag(job.cancel);
    const model = await PatchModel.create(job.threads, job.graphs);
    let manifest: ModelManifest;
    try {
      const result = await trainModel(job.input, model, undefined, cancel);
      saveArtifact(job.modelDir, result.artifact);
      writeEvaluation(job.evaluation, result, job.input);
      manifest = result.artifact.manifest;
    } finally {
      await model.release();
    }
    port.postMessage({ event: 'trained', manifest } satisfies WorkerEvent);
    port.close();
    return;
  }
  const model = await PatchModel.create(1, job.graphs);
  const detector = new HostedDetector(loadArtifact(job.modelDir), model);
  // Before `ready`, so the first request is not the one that waits for it.
  detector.prepare();
  let inFlight = Promise.resolve();
  // Ending the thread while onnxruntime runs aborts the process: on `close`,
  // finish the request in hand, release the sessions, then let the thread end.
  port.on('message', (message: HostMessage) => {
    if ('close' in message) {
      void inFlight.then(() => model.release()).finally(() => port.close());
      return;
    }
    inFlight = detector.detect(Buffer.from(message.image)).then(
      (result) => port.postMessage({ id: message.id, ok: true, result } satisfies HostReply),
      (error: unknown) => {
        const validation = error instanceof ImageSizeError || error instanceof ImageDecodeError;
        port.postMessage({
          id: message.id,
          ok: false,
          kind: validation ? 'validation' : 'internal',
          message: validation ? (error as Error).message : 'inference failed',
          // For the operator's log only, never for the client.
          detail: validation ? undefined : String((error as Error)?.stack ?? error),
        } satisfies HostReply);
      },
    );
  });
  port.postMessage({ event: 'ready' } satisfies WorkerEvent);
}

run().catch((error: unknown) => {
  if (error instanceof TrainingCancelled) {
    port.postMessage({ event: 'cancelled' } satisfies WorkerEvent);
  } else {
    const userMessage = error instanceof TrainingError ? error.message : storageMessage(error);
    const message = userMessage ?? String((error as Error)?.stack ?? error);
    port.postMessage({ event: 'failed', message, expected: userMessage !== undefined } satisfies WorkerEvent);
  }
  port.close();
});

/** A full disk is the operator's to fix, not a bug: say so to the user instead of "failed unexpectedly". */
function storageMessage(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'The model could not be saved: the disk is full. Free some space and create the model again.';
  return undefined;
}
