import { parentPort, workerData } from 'node:worker_threads';
import { UnpackageableModel } from './package-spec';
import { writeModelPackage, type PackageTarget } from './package-writer';

/*
 * A packaging job's worker thread: reads the trained model, builds the ONNX
 * graph (the backbone's weights, the memory bank) and writes the package, off
 * the engine's event loop. It runs no onnxruntime session, so the engine may
 * end it at any moment.
 */

export type PackagingWorkerEvent = { event: 'packaged' } | { event: 'failed'; message: string; expected: boolean };

const port = parentPort!;

writeModelPackage(workerData as PackageTarget).then(
  () => {
    port.postMessage({ event: 'packaged' } satisfies PackagingWorkerEvent);
    port.close();
  },
  (error: unknown) => {
    const userMessage = error instanceof UnpackageableModel ? error.message : knownFailure(error);
    port.postMessage({ event: 'failed', message: userMessage ?? String((error as Error)?.stack ?? error), expected: userMessage !== undefined } satisfies PackagingWorkerEvent);
    port.close();
  },
);

/** Failures that are the environment's, not bugs: said to the user in words they can act on. */
function knownFailure(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'The package could not be written: the disk is full. Free some space and start a new packaging job.';
  if (code === 'ENOENT' && /model\.json|bank\.f32/.test(String((error as Error).message))) return 'The model files are gone (the model was deleted).';
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
    return 'The package could not be written at its S3 output location: an object there is in the way of a folder of the package (or the other way round).';
  }
  return undefined;
}
