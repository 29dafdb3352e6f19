import type { File, Task } from '@vitest/runner';
import type { Reporter } from 'vitest/reporters';

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", after
 * vitest's own summary, so any CI can read the outcome.
 */
export default class PlainSummaryReporter implements Reporter {
  onFinished(files: File[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const visit = (task: Task) => {
      if (task.type === 'suite' || 'tasks' in task) for (const child of (task as { tasks?: Task[] }).tasks ?? []) visit(child);
      if (task.type !== 'test') return;
      if (task.result?.state === 'pass') counts.passed++;
      else if (task.result?.state === 'fail') counts.failed++;
      else counts.skipped++;
    };
    files.forEach(visit);
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
