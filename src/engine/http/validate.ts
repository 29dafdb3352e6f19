import { validation } from './aws-error';

/*
 * The constraints of the Lookout API model (shared/notes/lookout-api-model.txt),
 * enforced with the ValidationException Lookout answers them with.
 */

export const PATTERNS = {
  projectName: /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/,
  modelVersion: /^([1-9][0-9]*|latest)$/,
  modelVersionNoLatest: /^[1-9][0-9]*$/,
  datasetType: /^(train|test)$/,
  clientToken: /^[a-zA-Z0-9-]+$/,
  paginationToken: /^[a-zA-Z0-9/+=]{0,2048}$/,
  s3Bucket: /^[0-9A-Za-z.\-_]*$/,
  s3Key: /^([a-zA-Z0-9!_.*'()-][/a-zA-Z0-9!_.*'()-]*)?$/,
  modelDescription: /^[0-9A-Za-z.\-_]*$/,
  kmsKeyId: /^[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,2048}$/,
  tag: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u,
} as const;

export function requireString(value: unknown, name: string, rule: { min?: number; max?: number; pattern?: RegExp } = {}): string {
  if (value === undefined || value === null) throw validation(`${name} is required.`);
  return checkString(value, name, rule);
}

export function optionalString(value: unknown, name: string, rule: { min?: number; max?: number; pattern?: RegExp } = {}): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkString(value, name, rule);
}

function checkString(value: unknown, name: string, { min = 0, max = Infinity, pattern }: { min?: number; max?: number; pattern?: RegExp }): string {
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
  if (typeof n !== 'number' || !Number.isInteger(n)) throw validation(`${name} must be an integer.`);
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

export const projectName = (v: unknown, name = 'ProjectName') => requireString(v, name, { min: 1, max: 255, pattern: PATTERNS.projectName });
export const datasetType = (v: unknown) => requireString(v, 'DatasetType', { min: 1, max: 10, pattern: PATTERNS.datasetType }) as 'train' | 'test';
export const clientToken = (v: unknown) => optionalString(v, 'ClientToken', { min: 1, max: 64, pattern: PATTERNS.clientToken });
export const maxResults = (v: string | undefined) => optionalInteger(v, 'MaxResults', { min: 1, max: 100 });
export const nextToken = (v: string | undefined) => optionalString(v, 'NextToken', { max: 2048, pattern: PATTERNS.paginationToken });
