import type { Tag } from '@aws-sdk/client-lookoutvision';

/**
 * Model aliases live in the project's tags, one tag per alias:
 * `lookout-gateway:alias:production` = `3`. Tags are Lookout's own storage,
 * so every gateway replica, and anyone with the AWS CLI, reads the same
 * alias, and moving one is a single TagResource.
 *
 * An alias name is a DNS label in lower case that starts with a letter
 * (`production`, `line-7-canary`): never a number, so it cannot be taken for
 * a version, and never `latest`, which already means something. The
 * longest key (22 + 63 characters) stays within Lookout's 128, the value
 * (a version number) within its 256.
 */
export const ALIAS_TAG_PREFIX = 'lookout-gateway:alias:';

const ALIAS_NAME = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const VERSION_NUMBER = /^[1-9][0-9]{0,9}$/;

export const ALIAS_NAME_REQUIREMENT = '1-63 lower-case letters, digits or "-", starting with a letter and not ending with "-", and not "latest"';

export interface AliasTarget {
  alias: string;
  version: string;
}

export function isAliasName(value: string): boolean {
  return value !== 'latest' && ALIAS_NAME.test(value);
}

export function aliasTagKey(alias: string): string {
  return `${ALIAS_TAG_PREFIX}${alias}`;
}

/**
 * The aliases among a resource's tags, by name. A tag someone edited into
 * something else (a name or version that is not one) is not an alias.
 */
export function aliasesFromTags(tags: Tag[]): AliasTarget[] {
  const aliases: AliasTarget[] = [];
  for (const { Key, Value } of tags) {
    if (!Key?.startsWith(ALIAS_TAG_PREFIX) || Value === undefined) continue;
    const alias = Key.slice(ALIAS_TAG_PREFIX.length);
    if (isAliasName(alias) && VERSION_NUMBER.test(Value)) aliases.push({ alias, version: Value });
  }
  return aliases.sort((a, b) => a.alias.localeCompare(b.alias));
}
