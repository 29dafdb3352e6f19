import { ErrorCode } from '../services/error-codes';
import { gatewayError } from '../services/gateway-error';
import type { ModelStatus } from '../schema/enums';
import type { ModelRef } from '../state/state-store';
import type { StatusSnapshot, StatusWatcher } from './model-status';

/**
 * Resolves with the model's status once it is none of `passing` (the states
 * the caller expects it to move through), or fails with TIMEOUT naming the
 * last status seen. Used by every mutation with `wait`.
 */
export function waitForStatus(watcher: StatusWatcher, ref: ModelRef, passing: readonly ModelStatus[], timeoutMs: number): Promise<StatusSnapshot> {
  return new Promise<StatusSnapshot>((resolve, reject) => {
    let last: StatusSnapshot | undefined;
    let done = false;
    // The watcher may call back before watch() returns (with the status it already knows).
    const subscription: { stop?: () => void } = {};
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription.stop?.();
      settle();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            gatewayError(ErrorCode.TIMEOUT, `Model version ${ref.version} of project ${ref.project} did not settle within ${timeoutMs / 1000} s; it is ${last?.status ?? 'unknown'}.`, {
              status: last?.status,
              resourceId: `${ref.project}/${ref.version}`,
              resourceType: 'MODEL',
            }),
          ),
        ),
      timeoutMs,
    );
    subscription.stop = watcher.watch(
      ref,
      (snapshot) => {
        last = snapshot;
        if (!passing.includes(snapshot.status)) finish(() => resolve(snapshot));
      },
      (error) => finish(() => reject(error)),
    );
    if (done) subscription.stop();
  });
}
