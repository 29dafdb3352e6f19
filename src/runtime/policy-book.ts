import { ModelStatus } from '../schema/enums';
import type { LookoutApi } from '../services/lookout-api';
import type { ModelRef, StateStore } from '../state/state-store';
import type { AuditLog } from './audit-log';
import type { Clock } from './clock';
import { encodeSchedule, policyFromTags, policyToTags, type ModelPolicy } from './model-policy';

/**
 * Model policies: written to and read from the model's tags (the source of
 * truth, shared by every replica and visible to any Lookout client), and
 * cached in the state store so the scheduler need not read every model's
 * tags on every tick. `rescan` rebuilds the cache from the tags, so a policy
 * survives a gateway restart, and one changed by another tool is picked up.
 */
export class PolicyBook {
  constructor(
    private readonly api: LookoutApi,
    private readonly store: StateStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: (message: string, error: unknown) => void,
  ) {}

  /** Replaces the model's policy (a null part removes it), and records who did it. */
  async set(model: ModelRef & { arn: string; status: ModelStatus | null }, policy: ModelPolicy, actor: string): Promise<ModelPolicy> {
    const { set, remove } = policyToTags(policy);
    try {
      await this.api.changeTags(model.arn, set, remove);
    } catch (error) {
      await this.audit.record({ ...ref(model), actor, action: 'set-policy', fromStatus: model.status, result: String((error as { extensions?: { code?: string } }).extensions?.code ?? 'ERROR'), detail: describe(policy) });
      throw error;
    }
    await this.cache(ref(model), policy);
    await this.audit.record({ ...ref(model), actor, action: 'set-policy', fromStatus: model.status, result: 'ok', detail: describe(policy) });
    return policy;
  }

  /** The policy in the model's tags now. */
  async read(arn: string): Promise<ModelPolicy> {
    const { problems, ...policy } = policyFromTags(await this.api.listTags(arn));
    if (problems.length > 0) this.log(`the policy tags of ${arn} are not valid and are ignored`, problems);
    return policy;
  }

  /** Reads every model's tags and makes the cache match them. */
  async rescan(): Promise<void> {
    const cached = new Set((await this.store.policies()).map((p) => `${p.project}/${p.version}`));
    for (const project of await this.api.listProjects()) {
      if (!project.ProjectName) continue;
      for (const model of await this.api.listModels(project.ProjectName)) {
        if (!model.ModelArn || !model.ModelVersion) continue;
        const key = { project: project.ProjectName, version: model.ModelVersion };
        cached.delete(`${key.project}/${key.version}`);
        await this.cache(key, await this.read(model.ModelArn));
      }
    }
    // Cached policies of models that no longer exist.
    for (const stale of cached) {
      const [project, version] = stale.split('/');
      await this.store.removePolicy({ project, version });
    }
  }

  private async cache(model: ModelRef, policy: ModelPolicy): Promise<void> {
    if (policy.idleStopMinutes === null && policy.schedule === null) return this.store.removePolicy(model);
    await this.store.putPolicy({
      ...model,
      idleStopMinutes: policy.idleStopMinutes,
      schedule: policy.schedule ? encodeSchedule(policy.schedule) : null,
      updatedAt: this.clock.now(),
    });
  }
}

function ref(model: ModelRef): ModelRef {
  return { project: model.project, version: model.version };
}

function describe(policy: ModelPolicy): string {
  const parts = [
    policy.idleStopMinutes === null ? 'no idle stop' : `idle stop after ${policy.idleStopMinutes} min`,
    policy.schedule ? `schedule ${encodeSchedule(policy.schedule)}` : 'no schedule',
  ];
  return parts.join('; ');
}
