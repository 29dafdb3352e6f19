import type { ModelStatus } from '../../../src/client/generated/graphql';

const TONE: Record<ModelStatus, string> = {
  HOSTED: 'good',
  TRAINED: 'neutral',
  TRAINING: 'busy',
  STARTING_HOSTING: 'busy',
  STOPPING_HOSTING: 'busy',
  SYSTEM_UPDATING: 'busy',
  DELETING: 'busy',
  TRAINING_FAILED: 'bad',
  HOSTING_FAILED: 'bad',
  UNKNOWN: 'bad',
};

/** A model status, coloured by kind (and spelled out, so colour is never the only sign). */
export function StatusBadge({ status, live }: { status: ModelStatus; live?: boolean }) {
  return (
    <span className={`badge badge-${TONE[status]}`} data-status={status} aria-live={live ? 'polite' : undefined}>
      {status}
    </span>
  );
}
