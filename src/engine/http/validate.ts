import { LOOKOUT_LIMITS, LOOKOUT_RULES, type StringRule } from '../../lookout/constraints';
import { validation } from './aws-error';

/*
 * The constraints of the Lookout API model (src/lookout/constraints.ts),
 * enforced on wire requests with the ValidationException Lookout answers them with.
 */

export function requireString(value: unknown, name: string, rule: StringRule = {}): string {
  if (value === undefined || value === null) throw validation(`${name} is required.`);
  return checkString(value, name, rule);
}

export function optionalString(value: unknown, name: string, rule: StringRule = {}): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkString(value, name, rule);
}

function checkString(value: unknown, name: string, { min = 0, max = Infinity, pattern }: StringRule): string {
  if (typeof value !== 'string') throw validation(`${name} must be a string.`);
  const length = [...value].length;
  if (length < min) throw validation(`${name} must have at least ${min} characters.`);
  if (length > max) throw validation(`${name} must have at most ${max} characters.`);
  if (pattern && !pattern.test(value)) throw validation(`${name} does not match the pattern ${pattern.source}.`);
  return value;
}

export function optionalInteger(value: unknown, name: string, { min = -Infinity, max = Infinity } = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw validation(`${name} must be an integer.`);
  if (n < min || n > max) throw validation(`${name} must be between ${min} and ${max}.`);
  return n;
}

export function optionalBoolean(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw validation(`${name} must be true or false.`);
}

export function optionalTimestamp(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) throw validation(`${name} must be a timestamp.`);
  return ms / 1000;
}

export function requireObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validation(`${name} must be an object.`);
  return value as Record<string, unknown>;
}

export const projectName = (v: unknown, name = 'ProjectName') => requireString(v, name, LOOKOUT_RULES.projectName);
export const modelVersion = (v: unknown) => requireString(v, 'ModelVersion', LOOKOUT_RULES.modelVersion);
export const modelVersionNoLatest = (v: unknown) => requireString(v, 'ModelVersion', LOOKOUT_RULES.modelVersionNoLatest);
export const datasetType = (v: unknown) => requireString(v, 'DatasetType', LOOKOUT_RULES.datasetType) as 'train' | 'test';
export const clientToken = (v: unknown) => optionalString(v, 'ClientToken', LOOKOUT_RULES.clientToken);
export const maxResults = (v: string | undefined) => optionalInteger(v, 'MaxResults', LOOKOUT_LIMITS.maxResults);
export const nextToken = (v: string | undefined) => optionalString(v, 'NextToken', LOOKOUT_RULES.paginationToken);
