import type { Identity } from '../auth/roles';
import type { GatewayRuntime } from '../runtime/gateway-runtime';
import type { ModelPolicy as RuntimePolicy } from '../runtime/model-policy';
import { ScheduleError, canonicalTimeZone, parseTimeOfDay, formatTimeOfDay, checkSchedule, type Day, type WeeklySchedule } from '../runtime/weekly-schedule';
import type { ModelStatus } from '../schema/enums';
import type { ModelVersion } from '../schema/model.type';
import type { ModelPolicy, ScheduleInput, Weekday } from '../schema/policy.type';
import { ErrorCode } from './error-codes';
import { badInput, gatewayError } from './gateway-error';
import type { Loaders } from './loaders';
import type { VersionResolver } from './version-resolver';
import { encodeSchedule, policyFromTags } from '../runtime/model-policy';
import { toDescribedModelVersion } from './mappers';
import type { UnknownModelStatusListener } from './unknown-model-status';

export interface SetPolicyInput {
  project: string;
  version: string;
  idleStopMinutes?: number | null;
  schedule?: ScheduleInput | null;
}

/** Model policies for one GraphQL request: read from the model's tags, set through the runtime's policy book. */
export class PolicyService {
  constructor(
    private readonly runtime: GatewayRuntime,
    private readonly loaders: Loaders,
    private readonly identity: Identity,
    private readonly resolver: VersionResolver,
    private readonly onUnknownStatus: UnknownModelStatusListener,
  ) {}

  async of(model: ModelVersion): Promise<ModelPolicy> {
    const { problems: _problems, ...policy } = policyFromTags(await this.loaders.tags.load(model.arn));
    return toSchemaPolicy(policy);
  }

  /** Sets the policy and answers the model version (with its `policy` read back), so client caches update. */
  async set(input: SetPolicyInput): Promise<ModelVersion> {
    const policy: RuntimePolicy = { idleStopMinutes: input.idleStopMinutes ?? null, schedule: input.schedule ? toWeeklySchedule(input.schedule) : null };
    const model = await this.loaders.model.load({ project: input.project, version: await this.resolver.resolve(input.project, input.version) });
    if (!model?.ModelArn) {
      throw gatewayError(ErrorCode.NOT_FOUND, `Model version ${input.version} of project ${input.project} does not exist.`, {
        resourceId: `${input.project}/${input.version}`,
        resourceType: 'MODEL',
      });
    }
    await this.runtime.policies.set(
      { project: input.project, version: model.ModelVersion ?? input.version, arn: model.ModelArn, status: (model.Status as ModelStatus) ?? null },
      policy,
      this.identity.name,
    );
    this.loaders.tags.clear(model.ModelArn);
    return toDescribedModelVersion(input.project, model, this.onUnknownStatus);
  }
}

function toWeeklySchedule(input: ScheduleInput): WeeklySchedule {
  try {
    const schedule = {
      timeZone: canonicalTimeZone(input.timeZone),
      windows: input.windows.map((w) => ({ days: [...new Set(w.days)] as Day[], startMinute: parseTimeOfDay(w.start, 'start'), endMinute: parseTimeOfDay(w.end, 'end') })),
    };
    checkSchedule(schedule);
    encodeSchedule(schedule); // it must fit in its tag
    return schedule;
  } catch (error) {
    if (error instanceof ScheduleError) throw badInput('schedule', error.message);
    throw error;
  }
}

function toSchemaPolicy(policy: RuntimePolicy): ModelPolicy {
  return {
    idleStopMinutes: policy.idleStopMinutes,
    schedule: policy.schedule
      ? {
          timeZone: policy.schedule.timeZone,
          windows: policy.schedule.windows.map((w) => ({ days: w.days as Weekday[], start: formatTimeOfDay(w.startMinute), end: formatTimeOfDay(w.endMinute) })),
        }
      : null,
  };
}
