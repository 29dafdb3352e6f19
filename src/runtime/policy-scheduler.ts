import { ModelStatus } from '../schema/enums';
import { ErrorCode } from '../services/error-codes';
import { hasCode } from '../services/gateway-error';
import type { LookoutApi } from '../services/lookout-api';
import { toModelStatus } from '../services/mappers';
import type { UnknownModelStatusListener } from '../services/unknown-model-status';
import type { ModelRef, StateStore, StoredPolicy } from '../state/state-store';
import { POLICY_ACTOR } from './audit-log';
import type { Clock } from './clock';
import type { HostingLedger } from './hosting-ledger';
import type { ModelControl } from './model-control';
import { decodeSchedule } from './model-policy';
import type { PolicyBook } from './policy-book';
import { isInsideWindow } from './weekly-schedule';

export interface SchedulerOptions {
  /** How often the policies are applied. */
  tickMs: number;
  /** How often the policy cache is rebuilt from the models' tags. */
  rescanMs: number;
  /** This replica's name in the lease. */
  replicaId: string;
}

/** An automatic action, the model it was taken on, and how it ended (`ok` or an error code): for /metrics and the log. */
export type AutomaticActionListener = (action: string, outcome: string, model: ModelRef) => void;

const LEASE = 'policy-scheduler';

/**
 * Applies the model policies: inside a schedule window it keeps the model
 * hosted (starting it at the window's start), outside every window it stops
 * it; with no schedule window open, it stops a hosted model idle for longer
 * than its idle time. Only the replica holding the scheduler lease acts, so an
 * automatic start or stop happens once however many gateways run; the lease
 * lasts three ticks, so another replica takes over when the holder dies.
 * Actions go through ModelControl as the actor `policy`, so they are audited
 * and idempotent like anyone's.
 */
export class PolicyScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private lastRescan = -Infinity;
  private closed = false;
  /** Failed automatic actions, by model and action: not tried again before `retryAt`, so a start the quota refuses is not retried (and audited) every tick. */
  private readonly failures = new Map<string, { count: number; retryAt: number }>();

  constructor(
    private readonly api: LookoutApi,
    private readonly store: StateStore,
    private readonly policies: PolicyBook,
    private readonly control: ModelControl,
    private readonly ledger: HostingLedger,
    private readonly clock: Clock,
    private readonly options: SchedulerOptions,
    private readonly log: (message: string, error: unknown) => void,
    private readonly onUnknownStatus: UnknownModelStatusListener,
    private readonly onAction: AutomaticActionListener = () => {},
  ) {}

  /** Ticks every `tickMs` from now on (the timer does not keep the process alive). */
  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  /** One pass over the policies; ticks never overlap. Tests call it with a moved clock. */
  tick(): Promise<void> {
    this.running = this.running.then(() => this.pass()).catch((error) => this.log('the policy scheduler failed a pass', error));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    await this.store.releaseLease(LEASE, this.options.replicaId).catch(() => {});
  }

  private async pass(): Promise<void> {
    if (this.closed) return;
    const now = this.clock.now();
    if (!(await this.store.acquireLease(LEASE, this.options.replicaId, this.options.tickMs * 3, now))) return;
    if (now.getTime() - this.lastRescan >= this.options.rescanMs) {
      await this.policies.rescan();
      this.lastRescan = now.getTime();
    }
    for (const policy of await this.store.policies()) {
      if (this.closed) return;
      await this.apply(policy, now).catch((error) => this.log(`could not apply the policy of ${policy.project}/${policy.version}`, error));
    }
  }

  private async apply(policy: StoredPolicy, now: Date): Promise<void> {
    const model = { project: policy.project, version: policy.version };
    let description;
    try {
      description = await this.api.describeModel(model.project, model.version);
    } catch (error) {
      if (hasCode(error, ErrorCode.NOT_FOUND)) return this.store.removePolicy(model);
      throw error;
    }
    const status = toModelStatus(description.Status, this.onUnknownStatus);
    const units = { min: description.MinInferenceUnits ?? 1, max: description.MaxInferenceUnits ?? description.MinInferenceUnits ?? 1 };
    await this.ledger.observed(model, status, units);

    const inside = policy.schedule === null ? null : isInsideWindow(decodeSchedule(policy.schedule), now);
    if (inside === true && status === ModelStatus.TRAINED) {
      await this.act('scheduled-start', model, () => this.control.start({ ...model, minInferenceUnits: units.min, maxInferenceUnits: units.max }, { actor: POLICY_ACTOR, action: 'scheduled-start' }));
    } else if (inside === false && status === ModelStatus.HOSTED) {
      await this.act('scheduled-stop', model, () => this.control.stop(model, { actor: POLICY_ACTOR, action: 'scheduled-stop' }));
    } else if (inside !== true && policy.idleStopMinutes !== null && status === ModelStatus.HOSTED) {
      const lastActivity = (await this.ledger.lastActivity(model)) ?? now;
      if (now.getTime() - lastActivity.getTime() >= policy.idleStopMinutes * 60_000) {
        await this.act('idle-stop', model, () => this.control.stop(model, { actor: POLICY_ACTOR, action: 'idle-stop' }));
      }
    }
  }

  private async act(action: string, model: ModelRef, run: () => Promise<unknown>): Promise<void> {
    const key = `${action} ${model.project}/${model.version}`;
    const now = this.clock.now().getTime();
    const failed = this.failures.get(key);
    if (failed && now < failed.retryAt) return;
    try {
      await run();
      this.failures.delete(key);
      this.onAction(action, 'ok', model);
    } catch (error) {
      const count = (failed?.count ?? 0) + 1;
      // Doubling pauses from one tick, at most an hour.
      this.failures.set(key, { count, retryAt: now + Math.min(this.options.tickMs * 2 ** (count - 1), 3_600_000) });
      this.onAction(action, String((error as { extensions?: { code?: string } }).extensions?.code ?? 'ERROR'), model);
      throw error;
    }
  }
}
