import type { ModelEventRecord, ModelRef, StateStore } from '../state/state-store';
import type { Clock } from './clock';

export type AuditEntry = Omit<ModelEventRecord, 'at'>;

/** Actor of the gateway's own automatic actions in the audit. */
export const POLICY_ACTOR = 'policy';

/**
 * Who did what to which model, when, from which status, with what result:
 * every start, stop, policy change and automatic action. Recording never
 * fails the action it records (the action has happened); a failed write is
 * logged.
 */
export class AuditLog {
  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly log: (message: string, error: unknown) => void,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.store.appendEvent({ ...entry, at: this.clock.now() });
    } catch (error) {
      this.log(`could not record the audit event ${entry.action} of ${entry.project}/${entry.version} by ${entry.actor}`, error);
    }
  }

  recent(model: ModelRef, limit: number): Promise<ModelEventRecord[]> {
    return this.store.recentEvents(model, limit);
  }
}
