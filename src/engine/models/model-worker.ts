import { parentPort, workerData } from 'node:worker_threads';
import { HostedDetector, ImageSizeError } from '../detector/detection';
import { loadArtifact } from '../detector/model-artifact';
import { ImageDecodeError } from '../detector/image-tensor';
import { PatchModel } from '../detector/patch-model';
import { TrainingError, trainModel, type TrainingInput, type TrainingResult } from '../detector/trainer';

/*
 * A worker thread of the engine: either one inference unit holding a hosted
 * model, or one training run. Heavy work stays off the engine's event loop.
 */

export type WorkerJob =
  | { kind: 'host'; modelDir: string; graphs: { backbone: Uint8Array; scorer: Uint8Array } }
  | { kind: 'train'; input: TrainingInput; graphs: { backbone: Uint8Array; scorer: Uint8Array }; threads: number };

export type HostMessage = { id: number; image: Uint8Array } | { close: true };
export type HostReply =
  | { id: number; ok: true; result: import('../detector/detection').Detection }
  | { id: number; ok: false; kind: 'validation' | 'internal'; message: string; detail?: string };
export type WorkerEvent =
  | { event: 'ready' }
  | { event: 'failed'; message: string; expected: boolean }
  | { event: 'trained'; result: TrainingResult };

const job = workerData as WorkerJob;
const port = parentPort!;

async function run(): Promise<void> {
  if (job.kind === 'train') {
    const model = await PatchModel.create(job.threads, job.graphs);
    const result = await trainModel(job.input, model);
    await model.release();
    port.postMessage({ event: 'trained', result } satisfies WorkerEvent);
    port.close();
    return;
  }
  const model = await PatchModel.create(1, job.graphs);
  const detector = new HostedDetector(loadArtifact(job.modelDir), model);
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
  const expected = error instanceof TrainingError;
  port.postMessage({ event: 'failed', message: expected ? (error as Error).message : String((error as Error)?.stack ?? error), expected } satisfies WorkerEvent);
  port.close();
});
