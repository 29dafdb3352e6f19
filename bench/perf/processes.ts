import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
/** The bench's own build of src (`npm run bench` makes it), so it never rewrites the dist/ the tests use. */
export const CLI = resolve(REPO, 'bench/.cache/dist/cli/index.js');
/** The build lives outside dist/, so the default path of the trusted documents (relative to the build) is given explicitly. */
const TRUSTED_DOCUMENTS = resolve(REPO, 'src/client/generated/persisted-documents.json');
/** Where the gateway's addImages puts images (DATASET_BUCKET); the bench creates it in the engine's S3 store. */
export const DATASET_BUCKET = 'bench-datasets';

export interface Child {
  name: string;
  url: string;
  pid: number;
  process: ChildProcess;
  /** The last 64 KiB it printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after 20 s; resolves once it has exited. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `node [nodeArgs] script args` and resolves once its output matches `ready` (group 1: its URL). */
export function startChild(name: string, nodeArgs: string[], args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 60_000): Promise<Child> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run bench\`, which builds it first`);
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 128 * 1024) output = output.slice(-64 * 1024);
  };
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      r(code ?? (signal ? -1 : null));
    }),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolvePromise, reject) => {
    let found = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      keep(chunk);
      const match = found ? null : ready.exec(output);
      if (match) {
        found = true;
        clearTimeout(timer);
        resolvePromise({ name, url: match[1], pid: child.pid!, process: child, output: () => output, stop, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      if (found) return;
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

export interface EngineCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The built engine alone (`lookout-gateway engine`), requiring requests signed with `credentialsFile`'s keys. */
export function startEngine(dataDir: string, credentialsFile: string): Promise<Child> {
  return startChild('engine', (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean), [CLI, 'engine', '--port', '0', '--data', dataDir, '--credentials', credentialsFile], {}, /listening at (http:\/\/\S+)/);
}

export interface GatewayOptions {
  dataDir: string;
  engineUrl: string;
  credentials: EngineCredentials;
  apiKey: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}

/**
 * The built gateway (`lookout-gateway serve`) in front of a separate engine,
 * configured as in production: API keys, NODE_ENV=production, logs at info on
 * stdout. The per-caller rate limit (100/s by default) is lifted, since the
 * bench is one caller sending thousands of requests a second.
 */
export function startGateway(options: GatewayOptions): Promise<Child> {
  const env = {
    NODE_ENV: 'production',
    LOOKOUT_ENDPOINT: options.engineUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
    API_KEYS: `bench:admin:${options.apiKey}`,
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    DATASET_BUCKET: DATASET_BUCKET,
    PERSISTED_OPERATIONS_FILE: TRUSTED_DOCUMENTS,
    ...options.env,
  };
  return startChild('gateway', options.nodeArgs ?? [], [CLI, 'serve', '--port', '0', '--data', options.dataDir, '--no-demo'], env, /Lookout Gateway at (http:\/\/[^\s]+)\/graphql/);
}


/** A bare Apollo Server 5 on Express 5 answering one constant field (bench/perf/bare-apollo.ts). */
export function startBareApollo(): Promise<Child> {
  return startChild('bare Apollo', ['--require', require.resolve('tsx/cjs')], [resolve(__dirname, 'bare-apollo.ts')], { NODE_ENV: 'production' }, /listening at (http:\/\/\S+)/);
}

/**
 * The gateway as `npm start` runs it (`node dist/cli/index.js serve`, the
 * embedded engine, development mode), on an existing data directory; not
 * waiting for anything: the caller times it.
 */
export function spawnEmbeddedGateway(dataDir: string): { process: ChildProcess; output(): string; stop(): Promise<void> } {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOOKOUT_DEMO: '0', PERSISTED_OPERATIONS_FILE: TRUSTED_DOCUMENTS },
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 128 * 1024) output = output.slice(-64 * 1024);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      running.delete(child);
      r();
    }),
  );
  return {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
