import type { ModelDescription } from '@aws-sdk/client-lookoutvision';
import { ModelStatus } from '../schema/enums';
import { ErrorCode } from '../services/error-codes';
import { gatewayError, hasCode } from '../services/gateway-error';
import type { LookoutApi } from '../services/lookout-api';
import type { ModelControl } from './model-control';
import { codeOf, movement, type AliasMove, type AliasRequest, type ModelAliases } from './model-aliases';

export interface PromoteRequest extends AliasRequest {
  /** A version number or "latest" (aliases are resolved by the caller). */
  version: string;
  /** Start the version and wait until it is HOSTED before the alias moves. */
  startFirst: boolean;
  /** Once the alias has moved, stop the version it named before (unless an alias still names it). */
  stopPrevious: boolean;
  minInferenceUnits?: number | null;
  maxInferenceUnits?: number | null;
  timeoutSeconds: number;
}

interface Units {
  min: number;
  max: number | null;
}

const HOSTING: readonly ModelStatus[] = [ModelStatus.HOSTED, ModelStatus.STARTING_HOSTING];

/**
 * Moves an alias to another version without a moment in which a detection
 * by the alias meets a model that is not ready: the new version is started
 * (idempotently, through the runtime's control) and waited for until
 * HOSTED, then the alias moves (one TagResource), and only then, if asked,
 * is the old version stopped. A start that fails or times out leaves the
 * alias where it was. Rolling back is promoting the previous version; the
 * audit has the alias's history ("promote", "production: 1 -> 2").
 */
export class AliasPromotion {
  constructor(
    private readonly aliases: ModelAliases,
    private readonly control: ModelControl,
    private readonly api: LookoutApi,
  ) {}

  promote(request: PromoteRequest, actor: string): Promise<AliasMove> {
    return this.aliases.exclusive(request, async () => {
      const target = await this.aliases.aliasable(request.project, request.version);
      const to = target.ModelVersion ?? request.version;
      const from = await this.aliases.targetOf(request);
      const audit = (result: string, detail: string) =>
        this.aliases.record({ project: request.project, alias: request.alias, version: to, actor, action: 'promote', fromStatus: this.aliases.status(target.Status), result, detail });
      try {
        if (request.startFirst) await this.hostedNow(request, to, target, from, actor);
        if (from !== to) await this.aliases.point(request, to);
      } catch (error) {
        await audit(codeOf(error), `${request.alias} stays at ${from ?? 'none'}: ${(error as Error).message}`);
        throw error;
      }
      const stop = request.stopPrevious && from !== null && from !== to ? await this.stopPrevious(request, from, actor) : null;
      await audit('ok', [movement(request.alias, from, to), stop?.note].filter(Boolean).join('; '));
      return { project: request.project, alias: request.alias, from, to, stoppedPrevious: stop?.stopped ?? false };
    });
  }

  /** Starts the version, or finds it hosted, and waits until it is HOSTED; anything else fails the promotion. */
  private async hostedNow(request: PromoteRequest, version: string, target: ModelDescription, from: string | null, actor: string): Promise<void> {
    const units = await this.unitsFor(request, target, from);
    const outcome = await this.control.start(
      { project: request.project, version, minInferenceUnits: units.min, maxInferenceUnits: units.max, wait: true, timeoutSeconds: request.timeoutSeconds },
      { actor },
    );
    if (outcome.status === ModelStatus.HOSTED) return;
    throw gatewayError(ErrorCode.MODEL_NOT_READY, `Model version ${version} of project ${request.project} ended ${outcome.status}, not HOSTED; the alias ${request.alias} was not moved.`, {
      status: outcome.status,
      resourceId: `${request.project}/${version}`,
      resourceType: 'MODEL',
    });
  }

  /** The units asked for; else those the version already runs with; else those of the version the alias names now; else 1. */
  private async unitsFor(request: PromoteRequest, target: ModelDescription, from: string | null): Promise<Units> {
    if (request.minInferenceUnits) return { min: request.minInferenceUnits, max: request.maxInferenceUnits ?? null };
    if (HOSTING.includes(this.aliases.status(target.Status)) && target.MinInferenceUnits) return { min: target.MinInferenceUnits, max: target.MaxInferenceUnits ?? null };
    const previous = from === null ? null : await this.api.describeModel(request.project, from).catch(ignoreNotFound);
    if (previous?.MinInferenceUnits) return { min: previous.MinInferenceUnits, max: previous.MaxInferenceUnits ?? null };
    return { min: 1, max: null };
  }

  /**
   * Stops the version the alias named, unless an alias names it again by
   * now (another alias, or this one moved back by another replica). The
   * alias has moved whatever happens here, so a failed stop is no failure
   * of the promotion: the stop is audited with its error, and the answer
   * says the previous version was not stopped.
   */
  private async stopPrevious(request: PromoteRequest, previous: string, actor: string): Promise<{ stopped: boolean; note: string }> {
    try {
      const stillNamedBy = (await this.aliases.read(request.project)).filter((a) => a.version === previous).map((a) => a.alias);
      if (stillNamedBy.length > 0) return { stopped: false, note: `${previous} not stopped: ${stillNamedBy.length === 1 ? `the alias ${stillNamedBy[0]} still names it` : `the aliases ${stillNamedBy.join(', ')} still name it`}` };
      await this.control.stop({ project: request.project, version: previous }, { actor });
      return { stopped: true, note: `stopped ${previous}` };
    } catch (error) {
      return { stopped: false, note: `stopping ${previous} failed: ${codeOf(error)}` };
    }
  }
}

function ignoreNotFound(error: unknown): null {
  if (hasCode(error, ErrorCode.NOT_FOUND)) return null;
  throw error;
}
