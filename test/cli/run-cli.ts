import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The package's bin, as `npm install -g` would run it; it loads dist/, so tests need `npm run build`. */
export const BIN = resolve(__dirname, '../../bin/lookout-gateway.js');
export const HAVE_BUILD = existsSync(resolve(__dirname, '../../dist/cli/index.js'));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `lookout-gateway ...args` to completion as a child process, with only
 * PATH and HOME from this environment (no LOOKOUT_* of the developer's) plus `env`,
 * in `cwd` (default: this process's).
 */
export function runBin(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

/** What a failed expectation shows: everything the command printed. */
export function shown(run: CliRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** No stack trace reached the operator. */
export const NO_STACK = /\n\s+at [\w.<]/;
