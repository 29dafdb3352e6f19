import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './child-engine';

export interface ChildGateway {
  url: string;
  process: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/** Starts the built gateway CLI (`serve`, embedded engine unless the env says otherwise) as a child process on a free port. */
export function startChildGateway(dataDir: string, env: Record<string, string> = {}, args: string[] = []): Promise<ChildGateway> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir, '--no-demo', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let output = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? -1 : null))));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start: ${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Lookout Gateway at (http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], process: child, output: () => output, exited });
      }
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}: ${output}`));
    });
  });
}
