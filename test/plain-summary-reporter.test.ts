import type { File } from '@vitest/runner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PlainSummaryReporter from './support/plain-summary-reporter';

const test = (state: 'pass' | 'fail' | 'skip') => ({ type: 'test', result: { state } });
const file = (state: 'pass' | 'fail', tasks: unknown[]) => ({ type: 'suite', result: { state }, tasks }) as unknown as File;

function summaryOf(files: File[], errors: unknown[] = []): string {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  new PlainSummaryReporter().onFinished(files, errors);
  return String(write.mock.calls.at(-1)?.[0]).trim();
}

describe('the plain summary line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts the tests of every file, nested suites included', () => {
    expect(summaryOf([file('pass', [test('pass'), { type: 'suite', tasks: [test('pass'), test('skip')] }]), file('fail', [test('fail')])])).toBe('2 passed, 1 failed, 1 skipped');
  });

  it('counts a file that failed outside its tests, and an error outside any test, as failures', () => {
    expect(summaryOf([file('pass', [test('pass')]), file('fail', [])], [new Error('unhandled')])).toBe(
      '1 passed, 2 failed, 0 skipped (1 test file(s) failed outside their tests; 1 error(s) outside any test)',
    );
  });
});
