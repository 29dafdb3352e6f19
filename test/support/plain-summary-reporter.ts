import type { File, Task } from '@vitest/runner';
import type { Reporter } from 'vitest/reporters';

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", after
 * vitest's own summary, so any CI can read the outcome. A test file that
 * failed outside its tests (it did not load, a hook threw) and an error
 * outside any test count as failures too, and are named: otherwise the line
 * would say "0 failed" of a run that failed.
 */
export default class PlainSummaryReporter implements Reporter {
  onFinished(files: File[] = [], errors: unknown[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let brokenFiles = 0;
    const visit = (task: Task): boolean => {
      let failedTest = false;
      if (task.type === 'suite' || 'tasks' in task) for (const child of (task as { tasks?: Task[] }).tasks ?? []) failedTest = visit(child) || failedTest;
      if (task.type !== 'test') return failedTest;
      if (task.result?.state === 'pass') counts.passed++;
      else if (task.result?.state === 'fail') counts.failed++;
      else counts.skipped++;
      return task.result?.state === 'fail';
    };
    for (const file of files) if (!visit(file) && file.result?.state === 'fail') brokenFiles++;
    const notes = [brokenFiles > 0 && `${brokenFiles} test file(s) failed outside their tests`, errors.length > 0 && `${errors.length} error(s) outside any test`].filter(Boolean);
    const failed = counts.failed + brokenFiles + errors.length;
    process.stdout.write(`\n${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped${notes.length ? ` (${notes.join('; ')})` : ''}\n`);
  }
}
