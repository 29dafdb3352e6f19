import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker from a module beside this one. Built code runs the .js file;
 * when the engine runs from TypeScript sources (tests, tsx), the worker gets
 * tsx's loader so it can run the .ts file too.
 */
export function startWorker(moduleName: string, options: WorkerOptions): Worker {
  const js = join(__dirname, `${moduleName}.js`);
  if (existsSync(js)) return new Worker(js, options);
  const ts = join(__dirname, `${moduleName}.ts`);
  return new Worker(ts, { ...options, execArgv: [...(options.execArgv ?? []), '--require', require.resolve('tsx/cjs')] });
}
