import { LOOKOUT_LIMITS, LOOKOUT_RULES, type StringRule } from '../../lookout/constraints';
import { validation } from './aws-error';
import { isValidBucketName } from '../s3/bucket-name';

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

/** A JSON member typed as an integer: a number, never a string of digits (Lookout's model says integer, and its service answers a string with a ValidationException). */
export function optionalInteger(value: unknown, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw validation(`${name} must be an integer.`);
  return inRange(value, name, range);
}

/** An integer in a query string (MaxResults): digits only. */
export function optionalIntegerParam(value: string | undefined, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw validation(`${name} must be an integer.`);
  return inRange(n, name, range);
}

function inRange(n: number, name: string, { min = -Infinity, max = Infinity }: { min?: number; max?: number }): number {
  if (n >= min && n <= max) return n;
  if (max === Infinity) throw validation(`${name} must be at least ${min}.`);
  if (min === -Infinity) throw validation(`${name} must be at most ${max}.`);
  throw validation(`${name} must be between ${min} and ${max}.`);
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
export const maxResults = (v: string | undefined) => optionalIntegerParam(v, 'MaxResults', LOOKOUT_LIMITS.maxResults);
export const nextToken = (v: string | undefined) => optionalString(v, 'NextToken', LOOKOUT_RULES.paginationToken);

/**
 * An output bucket: Lookout's pattern, and S3's rules for a bucket's name,
 * since the files go to an S3 bucket (the engine's own S3 API refuses any
 * other name, so output written there could never be read back).
 */
export function outputBucket(value: unknown, name: string): string {
  const bucket = requireString(value, name, LOOKOUT_RULES.s3Bucket);
  if (!isValidBucketName(bucket)) {
    throw validation(`${name} ${JSON.stringify(bucket)} is not a valid S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.`);
  }
  return bucket;
}
