import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory of this run's, removed when it ends: vitest stops its forks with a signal, so their own exit handlers never run. */
    runScratchDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-test-run-'));
  project.provide('runScratchDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
