import type { ModelDescription } from '@aws-sdk/client-lookoutvision';
import type { GraphQLError } from 'graphql';
import { LOOKOUT_LIMITS } from '../lookout/constraints';
import { ModelStatus } from '../schema/enums';
import { ErrorCode } from '../services/error-codes';
import { gatewayError, hasCode } from '../services/gateway-error';
import type { LookoutApi } from '../services/lookout-api';
import { toModelStatus } from '../services/mappers';
import type { UnknownModelStatusListener } from '../services/unknown-model-status';
import { SerialByKey } from '../util/serial-by-key';
import { aliasTagKey, aliasesFromTags, type AliasTarget } from './alias-tags';
import type { AuditLog } from './audit-log';

/** What an alias change did: the version the alias named before and names now. */
export interface AliasMove {
  project: string;
  alias: string;
  /** null: the alias is new. */
  from: string | null;
  /** null: the alias was removed. */
  to: string | null;
  /** promoteModel with stopPrevious: whether it stopped `from`. */
  stoppedPrevious: boolean;
}

export interface AliasRequest {
  project: string;
  alias: string;
}

export interface SetAliasRequest extends AliasRequest {
  /** A version number or "latest" (aliases are resolved by the caller). */
  version: string;
}

/** Versions no detection can ever run on: an alias may not name them. */
const NOT_ALIASABLE: readonly ModelStatus[] = [ModelStatus.TRAINING_FAILED, ModelStatus.DELETING];
const MAX_REMEMBERED_ARNS = 1000;

/**
 * Model aliases, kept as tags on the project (src/runtime/alias-tags.ts),
 * for the whole gateway: reading them, setting and removing one, and the
 * one-at-a-time rule every change of an alias follows (promotions
 * included): changes of one alias run in arrival order on this replica, so
 * the later request wins and sees what the earlier one did. Every change
 * is audited under the version it concerns.
 */
export class ModelAliases {
  private readonly serial = new SerialByKey();
  private readonly projectArns = new Map<string, string>();

  constructor(
    private readonly api: LookoutApi,
    private readonly audit: AuditLog,
    private readonly onUnknownStatus: UnknownModelStatusListener,
  ) {}

  /**
   * The project's ARN, which its tags are read by. One DescribeProject per
   * project for the life of the gateway: an ARN is made of the project's
   * name, region and account, so it never changes, not even when a project
   * of that name is deleted and created again.
   */
  async projectArn(project: string): Promise<string> {
    const known = this.projectArns.get(project);
    if (known) return known;
    const arn = (await this.api.describeProject(project)).ProjectArn;
    if (!arn) throw gatewayError(ErrorCode.UPSTREAM_ERROR, `Lookout described project ${project} without its ARN.`);
    if (this.projectArns.size >= MAX_REMEMBERED_ARNS) this.projectArns.clear();
    this.projectArns.set(project, arn);
    return arn;
  }

  /** The project's aliases as its tags say now (one ListTagsForResource). */
  async read(project: string): Promise<AliasTarget[]> {
    return aliasesFromTags(await this.api.listTags(await this.projectArn(project)));
  }

  /** Runs `change` when no other change of this alias is running on this replica. */
  exclusive<T>(request: AliasRequest, change: () => Promise<T>): Promise<T> {
    return this.serial.run(`${request.project}\n${request.alias}`, change);
  }

  /** Points the alias at the version at once, whatever its status (promoteModel is the safe way). */
  set(request: SetAliasRequest, actor: string): Promise<AliasMove> {
    return this.exclusive(request, async () => {
      const model = await this.aliasable(request.project, request.version);
      const to = model.ModelVersion ?? request.version;
      const from = await this.targetOf(request);
      const status = this.status(model.Status);
      try {
        if (from !== to) await this.point(request, to);
      } catch (error) {
        await this.record({ ...request, version: to, actor, action: 'set-alias', fromStatus: status, result: codeOf(error), detail: `${movement(request.alias, from, to)} failed` });
        throw error;
      }
      await this.record({ ...request, version: to, actor, action: 'set-alias', fromStatus: status, result: 'ok', detail: movement(request.alias, from, to) });
      return { ...request, from, to, stoppedPrevious: false };
    });
  }

  /** Removes the alias; removing one the project does not have changes nothing and answers so. */
  remove(request: AliasRequest, actor: string): Promise<AliasMove> {
    return this.exclusive(request, async () => {
      const from = await this.targetOf(request);
      if (from !== null) {
        await this.api.changeTags(await this.projectArn(request.project), [], [aliasTagKey(request.alias)]);
        await this.record({ ...request, version: from, actor, action: 'remove-alias', fromStatus: null, result: 'ok', detail: movement(request.alias, from, null) });
      }
      return { ...request, from, to: null, stoppedPrevious: false };
    });
  }

  /** The version the alias names now (read fresh), or null. */
  async targetOf(request: AliasRequest): Promise<string | null> {
    return (await this.read(request.project)).find((a) => a.alias === request.alias)?.version ?? null;
  }

  /**
   * Moves the alias: one TagResource, which overwrites the tag in place.
   * Only a new alias adds a tag, and Lookout allows 50 a resource; at the
   * limit the answer is QUOTA_EXCEEDED saying what to remove.
   */
  async point(request: AliasRequest, version: string): Promise<void> {
    try {
      await this.api.changeTags(await this.projectArn(request.project), [{ Key: aliasTagKey(request.alias), Value: version }], []);
    } catch (error) {
      if (!hasCode(error, ErrorCode.QUOTA_EXCEEDED)) throw error;
      throw gatewayError(
        ErrorCode.QUOTA_EXCEEDED,
        `Project ${request.project} has ${LOOKOUT_LIMITS.tagsPerResource} tags, the most Lookout allows, and a new alias needs one more: remove an alias (removeModelAlias) or another tag first.`,
        { resourceId: request.project, resourceType: 'PROJECT', upstreamRequestId: error.extensions.upstreamRequestId },
      );
    }
  }

  /** The model, which must exist and be one a detection could ever run on. */
  async aliasable(project: string, version: string): Promise<ModelDescription> {
    const model = await this.api.describeModel(project, version);
    const status = this.status(model.Status);
    if (NOT_ALIASABLE.includes(status)) {
      throw gatewayError(ErrorCode.CONFLICT, `Model version ${model.ModelVersion ?? version} of project ${project} is ${status}; an alias must name a version that can be hosted.`, {
        resourceId: `${project}/${model.ModelVersion ?? version}`,
        resourceType: 'MODEL',
        status,
      });
    }
    return model;
  }

  record(entry: Parameters<AuditLog['record']>[0] & AliasRequest): Promise<void> {
    const { alias: _alias, ...audited } = entry;
    return this.audit.record(audited);
  }

  status(raw: string | undefined): ModelStatus {
    return toModelStatus(raw, this.onUnknownStatus);
  }
}

/** The audit's words for an alias change: `production: 1 -> 3`, `production: none -> 3`. */
export function movement(alias: string, from: string | null, to: string | null): string {
  return `${alias}: ${from ?? 'none'} -> ${to ?? 'none'}`;
}

export function codeOf(error: unknown): string {
  return String((error as GraphQLError).extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
}
