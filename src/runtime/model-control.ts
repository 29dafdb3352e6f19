import type { ModelDescription } from '@aws-sdk/client-lookoutvision';
import type { GraphQLError } from 'graphql';
import { ModelStatus } from '../schema/enums';
import { ErrorCode } from '../services/error-codes';
import { gatewayError, hasCode } from '../services/gateway-error';
import type { LookoutApi } from '../services/lookout-api';
import { toModelStatus } from '../services/mappers';
import type { UnknownModelStatusListener } from '../services/unknown-model-status';
import type { ModelRef } from '../state/state-store';
import type { AuditLog } from './audit-log';
import type { Clock } from './clock';
import type { HostingLedger } from './hosting-ledger';
import type { StatusSnapshot, StatusWatcher } from './model-status';
import { waitForStatus } from './wait-for-status';

export interface HostingRequest {
  project: string;
  /** A version number or "latest". */
  version: string;
  clientToken?: string | null;
  wait?: boolean;
  timeoutSeconds?: number;
}

export interface StartRequest extends HostingRequest {
  minInferenceUnits: number;
  maxInferenceUnits?: number | null;
}

export interface HostingOutcome extends ModelRef {
  status: ModelStatus;
  statusMessage: string | null;
  ready: boolean;
}

/** Who asked, and as what the audit records it (`start`, or `scheduled-start` by the policy). */
export interface Requester {
  actor: string;
  action?: string;
}

interface Units {
  min: number;
  max: number;
}

const HOSTING: readonly ModelStatus[] = [ModelStatus.HOSTED, ModelStatus.STARTING_HOSTING];
const NOT_HOSTING: readonly ModelStatus[] = [ModelStatus.TRAINED, ModelStatus.STOPPING_HOSTING];

/**
 * Starts and stops models for people and for the gateway's own policies,
 * idempotently: a start of a model already hosted (or starting) with the same
 * units answers its status, as a stop of one already stopped (or stopping)
 * does; concurrent starts of one model make one upstream StartModel; and
 * when another replica got there first, Lookout's ConflictException becomes
 * the status it led to. With `wait`, the answer comes once the model settles.
 * Every request is audited and counted in the hosting ledger.
 */
export class ModelControl {
  private readonly inFlight = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly api: LookoutApi,
    private readonly watcher: StatusWatcher,
    private readonly ledger: HostingLedger,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly onUnknownStatus: UnknownModelStatusListener,
  ) {}

  async start(request: StartRequest, requester: Requester): Promise<HostingOutcome> {
    const units = { min: request.minInferenceUnits, max: request.maxInferenceUnits ?? request.minInferenceUnits };
    return this.change(request, requester, 'start', async (ref, current, description) => {
      if (HOSTING.includes(current)) {
        assertSameUnits(ref, current, description, units);
        await this.ledger.started(ref, units);
        return current;
      }
      const status = await this.once(`start ${ref.project}/${ref.version} ${units.min}-${units.max}`, () =>
        this.api.startModel({ projectName: ref.project, modelVersion: ref.version, minInferenceUnits: units.min, maxInferenceUnits: units.max, clientToken: request.clientToken ?? undefined }),
      ).then(
        (answer) => this.status(answer),
        (error: unknown) => this.settledElsewhere(error, ref, HOSTING, (d) => assertSameUnits(ref, this.status(d.Status), d, units)),
      );
      await this.ledger.started(ref, units);
      return status;
    });
  }

  async stop(request: HostingRequest, requester: Requester): Promise<HostingOutcome> {
    return this.change(request, requester, 'stop', async (ref, current) => {
      const status = NOT_HOSTING.includes(current)
        ? current
        : await this.once(`stop ${ref.project}/${ref.version}`, () =>
            this.api.stopModel({ projectName: ref.project, modelVersion: ref.version, clientToken: request.clientToken ?? undefined }),
          ).then(
            (answer) => this.status(answer),
            (error: unknown) => this.settledElsewhere(error, ref, NOT_HOSTING),
          );
      await this.ledger.stopped(ref);
      return status;
    });
  }

  /** The common path of start and stop: describe, act, announce, audit, and wait if asked. */
  private async change(
    request: HostingRequest,
    requester: Requester,
    kind: 'start' | 'stop',
    act: (ref: ModelRef, current: ModelStatus, description: ModelDescription) => Promise<ModelStatus>,
  ): Promise<HostingOutcome> {
    const action = requester.action ?? kind;
    let ref: ModelRef = { project: request.project, version: request.version };
    let from: ModelStatus | null = null;
    try {
      const description = await this.api.describeModel(request.project, request.version);
      ref = { project: request.project, version: description.ModelVersion ?? request.version };
      from = this.status(description.Status);
      const status = await act(ref, from, description);
      if (status !== from) this.watcher.announce({ ...ref, status, statusMessage: null, at: this.clock.now() });
      await this.audit.record({ ...ref, actor: requester.actor, action, fromStatus: from, result: status, detail: null });
      if (!request.wait) return outcome(ref, status, null);
      const settled = await this.waitUntilSettled(ref, kind, (request.timeoutSeconds ?? 600) * 1000);
      return outcome(ref, settled.status, settled.statusMessage);
    } catch (error) {
      const code = (error as GraphQLError).extensions?.code;
      if (code !== ErrorCode.TIMEOUT) {
        await this.audit.record({ ...ref, actor: requester.actor, action, fromStatus: from, result: String(code ?? ErrorCode.INTERNAL_SERVER_ERROR), detail: (error as Error).message });
      }
      throw error;
    }
  }

  /** One upstream call for concurrent identical requests on this replica. */
  private once(key: string, call: () => Promise<string | undefined>): Promise<string | undefined> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = call().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * Lookout refused with ConflictException: another replica, or a caller
   * outside the gateway, may have done the same a moment ago. If the model is
   * now where this request wanted it, that is the answer.
   */
  private async settledElsewhere(error: unknown, ref: ModelRef, wanted: readonly ModelStatus[], check?: (d: ModelDescription) => void): Promise<ModelStatus> {
    if (!hasCode(error, ErrorCode.CONFLICT)) throw error;
    const now = await this.api.describeModel(ref.project, ref.version);
    const status = this.status(now.Status);
    if (!wanted.includes(status)) throw error;
    check?.(now);
    return status;
  }

  private waitUntilSettled(ref: ModelRef, kind: 'start' | 'stop', timeoutMs: number): Promise<StatusSnapshot> {
    const passing = kind === 'start' ? [ModelStatus.TRAINED, ModelStatus.STARTING_HOSTING] : [ModelStatus.HOSTED, ModelStatus.STOPPING_HOSTING];
    return waitForStatus(this.watcher, ref, passing, timeoutMs);
  }

  private status(raw: string | undefined): ModelStatus {
    return toModelStatus(raw, this.onUnknownStatus);
  }
}

function outcome(ref: ModelRef, status: ModelStatus, statusMessage: string | null): HostingOutcome {
  return { ...ref, status, statusMessage, ready: status === ModelStatus.HOSTED };
}

/** A hosted model runs with the units it was started with; other units need a stop first. */
function assertSameUnits(ref: ModelRef, status: ModelStatus, description: ModelDescription, wanted: Units): void {
  const min = description.MinInferenceUnits;
  const max = description.MaxInferenceUnits ?? min;
  if (min === undefined || (min === wanted.min && max === wanted.max)) return;
  throw gatewayError(
    ErrorCode.CONFLICT,
    `Model version ${ref.version} of project ${ref.project} is already ${status} with ${min}-${max} inference units; stop it before starting it with ${wanted.min}-${wanted.max}.`,
    { resourceId: `${ref.project}/${ref.version}`, resourceType: 'MODEL', currentMinInferenceUnits: min, currentMaxInferenceUnits: max },
  );
}
