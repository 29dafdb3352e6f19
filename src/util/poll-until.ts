import { WaiterState, createWaiter } from '@smithy/util-waiter';

/** Seconds, fractions allowed, as the SDK's waiters count them. */
export interface PollTiming {
  /** First pause between reads; it doubles (with jitter) up to `maxDelay`. */
  minDelay: number;
  maxDelay: number;
  /** Total time before giving up. */
  maxWaitTime: number;
}

export interface PollOutcome<T> {
  /** Whether `done` held; false when `maxWaitTime` ran out first. */
  settled: boolean;
  /** The last value read, settled or not. */
  last: T;
}

/**
 * Reads `read` until `done` holds, with the SDK's own waiter (jittered
 * exponential backoff, a maximum wait) so every poller in the project waits
 * the same way. A `read` that throws ends the wait with its error. Callers
 * decide what a timeout means: some go on with the last value, some fail.
 *
 * @example
 *   const { settled, last } = await pollUntil(describeDataset, (d) => !d.Status?.endsWith('IN_PROGRESS'),
 *     { minDelay: 0.25, maxDelay: 2, maxWaitTime: 1800 });
 */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timing: PollTiming): Promise<PollOutcome<T>> {
  // The waiter reports no value on TIMEOUT, so the last one is kept here.
  let last: { value: T } | undefined;
  const result = await createWaiter({ client: undefined, ...timing }, undefined, async () => {
    last = { value: await read() };
    return { state: done(last.value) ? WaiterState.SUCCESS : WaiterState.RETRY };
  });
  // The waiter always reads once before it can time out, so `last` is set.
  return { settled: result.state === WaiterState.SUCCESS, last: last!.value };
}
