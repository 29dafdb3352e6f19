import { TrainingCancelled, type Cancellation } from '../detector/trainer';

/**
 * A cancel request the engine sets and a training thread reads, in shared
 * memory. Unlike a posted message, which waits for the thread's event loop,
 * it is seen inside a long synchronous step too (the coreset choice, a
 * second or more on a large set), so a shutdown does not wait for that
 * step to end. Pass `buffer` to the thread in workerData; both sides wrap
 * the same memory.
 */
export class CancelFlag implements Cancellation {
  private readonly cell: Int32Array;

  constructor(readonly buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.cell = new Int32Array(buffer);
  }

  cancel(): void {
    Atomics.store(this.cell, 0, 1);
  }

  get cancelled(): boolean {
    return Atomics.load(this.cell, 0) === 1;
  }

  throwIfAborted(): void {
    if (this.cancelled) throw new TrainingCancelled();
  }
}
