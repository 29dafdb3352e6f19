import { randomUUID } from 'node:crypto';
import type { LookoutApi } from '../services/lookout-api';
import type { UnknownModelStatusListener } from '../services/unknown-model-status';
import type { ModelRef, StateStore } from '../state/state-store';
import { AliasPromotion } from './alias-promotion';
import { AuditLog } from './audit-log';
import { systemClock, type Clock } from './clock';
import { HostingLedger } from './hosting-ledger';
import { ModelAliases } from './model-aliases';
import { ModelControl } from './model-control';
import type { StatusWatcher } from './model-status';
import { PolicyBook } from './policy-book';
import { PolicyScheduler, type AutomaticActionListener } from './policy-scheduler';

export interface RuntimeOptions {
  store: StateStore;
  watcher: StatusWatcher;
  clock?: Clock;
  /** This gateway's name among replicas (leases, notifications); random by default. */
  replicaId?: string;
  /** How often policies are applied (default 30 s); the scheduler does not run when 0. */
  schedulerTickMs?: number;
  /** How often the policy cache is rebuilt from tags (default 10 min). */
  policyRescanMs?: number;
  /** How often this replica writes its detection counts (default 5 s). */
  ledgerFlushMs?: number;
  onAutomaticAction?: AutomaticActionListener;
  /** A model's hosting began (with its MinInferenceUnits) or ended (null), as the ledger saw it: for /metrics. */
  onHostedModel?: (model: ModelRef, units: number | null) => void;
}

/**
 * The gateway's runtime management, shared by every request: control
 * (idempotent start/stop, waiting), accounting, the audit, policies and the
 * scheduler that applies them, model aliases and their promotion, over the
 * state store and the status watcher.
 */
export class GatewayRuntime {
  readonly clock: Clock;
  readonly replicaId: string;
  readonly ledger: HostingLedger;
  readonly audit: AuditLog;
  readonly control: ModelControl;
  readonly policies: PolicyBook;
  readonly scheduler: PolicyScheduler;
  readonly aliases: ModelAliases;
  readonly promotions: AliasPromotion;

  constructor(
    readonly api: LookoutApi,
    readonly store: StateStore,
    readonly watcher: StatusWatcher,
    options: Omit<RuntimeOptions, 'store' | 'watcher'>,
    log: (message: string, error: unknown) => void,
    onUnknownStatus: UnknownModelStatusListener,
  ) {
    this.clock = options.clock ?? systemClock;
    this.replicaId = options.replicaId ?? randomUUID();
    this.ledger = new HostingLedger(store, this.clock, log, options.ledgerFlushMs ?? 5_000, options.onHostedModel);
    this.audit = new AuditLog(store, this.clock, log);
    this.control = new ModelControl(api, watcher, this.ledger, this.audit, this.clock, onUnknownStatus);
    this.policies = new PolicyBook(api, store, this.audit, this.clock, log);
    this.aliases = new ModelAliases(api, this.audit, onUnknownStatus);
    this.promotions = new AliasPromotion(this.aliases, this.control, api);
    this.scheduler = new PolicyScheduler(
      api,
      store,
      this.policies,
      this.control,
      this.ledger,
      this.clock,
      { tickMs: options.schedulerTickMs || 30_000, rescanMs: options.policyRescanMs ?? 10 * 60_000, replicaId: this.replicaId },
      log,
      onUnknownStatus,
      options.onAutomaticAction,
    );
    if (options.schedulerTickMs !== 0) this.scheduler.start();
    // Models hosted before this gateway started show in /metrics from the start, not from their next change.
    void store.openSessions().then(
      (sessions) => sessions.forEach((s) => options.onHostedModel?.({ project: s.project, version: s.version }, s.minInferenceUnits ?? 1)),
      (error: unknown) => log('could not read the open hosting sessions', error),
    );
  }

  /** Stops the scheduler and writes what is pending; the store and watcher are closed by their owner. */
  async close(): Promise<void> {
    await this.scheduler.close();
    await this.ledger.close();
  }
}
