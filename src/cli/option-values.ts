import { InvalidArgumentError } from 'commander';
import { LOOKOUT_RULES, satisfies } from '../lookout/constraints';
import { ALIAS_NAME_REQUIREMENT, isAliasName } from '../runtime/alias-tags';

/**
 * A commander argument parser for a whole number in [min, max].
 *
 * @example
 *   command.option('--concurrency <n>', 'detections at once', intOption(1, 64), 4)
 */
export function intOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** A parser for one of a few words, case-insensitive; answers it in lower case. */
export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const lower = value.toLowerCase() as T;
    if (!choices.includes(lower)) throw new InvalidArgumentError(`must be ${choices.join(' or ')}.`);
    return lower;
  };
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * A parser for a model version argument as the gateway takes it: a version
 * number (a positive integer without leading zeros, as Lookout names them),
 * "latest", or an alias name. Checked here so a mistake is a usage error
 * (exit 2) before any call, in the gateway's own words.
 */
export function versionOption(value: string): string {
  if (satisfies(value, LOOKOUT_RULES.modelVersion) || isAliasName(value)) return value;
  throw new InvalidArgumentError(`must be a version number (a positive integer without leading zeros), "latest", or an alias name (${ALIAS_NAME_REQUIREMENT}).`);
}

/** A parser for an alias name (src/runtime/alias-tags.ts, the rule the gateway applies). */
export function aliasOption(value: string): string {
  if (isAliasName(value)) return value;
  throw new InvalidArgumentError(`must be ${ALIAS_NAME_REQUIREMENT}.`);
}

/** A parser for a project name, Lookout's rule: 1-255 letters, digits, "_" and "-", starting with a letter or digit. */
export function projectOption(value: string): string {
  if (satisfies(value, LOOKOUT_RULES.projectName)) return value;
  throw new InvalidArgumentError('must be 1-255 letters, digits, "_" or "-", starting with a letter or digit.');
}
