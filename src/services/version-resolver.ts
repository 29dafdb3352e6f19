import { isAliasName, aliasesFromTags, type AliasTarget } from '../runtime/alias-tags';
import type { ModelAliases } from '../runtime/model-aliases';
import { ErrorCode } from './error-codes';
import { gatewayError, hasCode } from './gateway-error';
import type { Loaders } from './loaders';

/**
 * Turns a `version` argument into what Lookout takes, for one GraphQL
 * request: an alias name becomes the version number its tag on the project
 * names, numbers and "latest" stay as they are. Reading an alias costs one
 * ListTagsForResource of the project per request (cached for the rest of
 * it), and a DescribeProject the first time the gateway meets the project
 * (unless the request has listed the projects, which names every ARN).
 */
export class VersionResolver {
  constructor(
    private readonly aliases: Pick<ModelAliases, 'projectArn'>,
    private readonly loaders: Loaders,
  ) {}

  /** The version to ask Lookout for; NOT_FOUND for an alias the project does not have. */
  async resolve(project: string, version: string): Promise<string> {
    if (!isAliasName(version)) return version;
    const target = await this.targetOf(project, version);
    if (target === null) throw noSuchAlias(project, version);
    return target;
  }

  /** As `resolve`, but null where the project or alias does not exist (for fields that answer null then). */
  async resolveOrNull(project: string, version: string): Promise<string | null> {
    try {
      return await this.resolve(project, version);
    } catch (error) {
      if (hasCode(error, ErrorCode.NOT_FOUND)) return null;
      throw error;
    }
  }

  /**
   * The version an alias names now, when it is not `used` any more: for a
   * detection that met the version the alias named a moment ago being
   * stopped by a promotion. Null when `asked` is no alias or has not moved.
   */
  async movedFrom(project: string, asked: string, used: string): Promise<string | null> {
    if (!isAliasName(asked)) return null;
    this.loaders.tags.clear(await this.aliases.projectArn(project));
    const now = await this.targetOf(project, asked);
    return now !== null && now !== used ? now : null;
  }

  /** The project's aliases; `arn` when the caller has it already. */
  async aliasesOf(project: string, arn?: string): Promise<AliasTarget[]> {
    const known = arn ?? (await this.loaders.listedProjectArn(project));
    return aliasesFromTags(await this.loaders.tags.load(known ?? (await this.aliases.projectArn(project))));
  }

  /** After a change of the project's aliases: later reads in this request see it. */
  async forgetAliases(project: string): Promise<void> {
    this.loaders.tags.clear(await this.aliases.projectArn(project));
  }

  private async targetOf(project: string, alias: string): Promise<string | null> {
    return (await this.aliasesOf(project)).find((a) => a.alias === alias)?.version ?? null;
  }
}

export function noSuchAlias(project: string, alias: string) {
  return gatewayError(ErrorCode.NOT_FOUND, `Project ${project} has no model alias ${alias}.`, { resourceId: `${project}/${alias}`, resourceType: 'ALIAS' });
}
