import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { validateClientToken, validateInferenceUnits, validateModelVersion, validateProjectName } from '../src/services/validation';

function codeOf(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return (error as GraphQLError).extensions.code as string;
  }
}

describe('input validation (the Lookout API rules)', () => {
  it.each(['a', 'demo', 'Cookie_Line-2', '9lives', 'x'.repeat(255)])('accepts project name %s', (name) => {
    expect(codeOf(() => validateProjectName(name))).toBeUndefined();
  });
  it.each(['', '-lead', '_lead', 'has space', 'slash/name', 'ü', 'x'.repeat(256)])('refuses project name %j', (name) => {
    expect(codeOf(() => validateProjectName(name))).toBe('BAD_USER_INPUT');
  });

  it.each(['1', '12', 'latest', '9999999999'])('accepts version %s', (v) => expect(codeOf(() => validateModelVersion(v))).toBeUndefined());
  it.each(['', '0', '01', 'LATEST', '1.0', '-1', '12345678901'])('refuses version %j', (v) => {
    expect(codeOf(() => validateModelVersion(v))).toBe('BAD_USER_INPUT');
  });

  it('checks inference units', () => {
    expect(codeOf(() => validateInferenceUnits(1, null))).toBeUndefined();
    expect(codeOf(() => validateInferenceUnits(2, 2))).toBeUndefined();
    expect(codeOf(() => validateInferenceUnits(0, null))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateInferenceUnits(3, 2))).toBe('BAD_USER_INPUT');
  });

  it('checks client tokens', () => {
    expect(codeOf(() => validateClientToken(undefined))).toBeUndefined();
    expect(codeOf(() => validateClientToken('abc-123'))).toBeUndefined();
    expect(codeOf(() => validateClientToken(''))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateClientToken('x'.repeat(65)))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateClientToken('no_underscores'))).toBe('BAD_USER_INPUT');
  });

  it('names the failing argument', () => {
    try {
      validateInferenceUnits(3, 1);
    } catch (error) {
      expect((error as GraphQLError).extensions.argument).toBe('maxInferenceUnits');
    }
  });
});
