import { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEngine, type Engine, type EngineOptions } from '../../src/engine/build-engine';
import { listen } from '../../src/server/listen';
import { pollUntil } from '../../src/util/poll-until';

export interface RunningEngine {
  url: string;
  dataDir: string;
  engine: Engine;
  client: LookoutVisionClient;
  logged: unknown[];
  /** Stops the engine; the data directory stays unless `removeData`. */
  close(options?: { removeData?: boolean }): Promise<void>;
}

export function tempDataDir(prefix = 'lookout-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The real engine on an ephemeral loopback port, and a real SDK client pointed at it.
 * `onRequest` sees each request before the engine does (tests of what a client sends).
 */
export async function startEngine(options: Partial<EngineOptions> = {}, onRequest?: (request: IncomingMessage) => void): Promise<RunningEngine> {
  const dataDir = options.dataDir ?? tempDataDir();
  const logged: unknown[] = [];
  const engine = buildEngine({ log: (_m, e) => logged.push(e), ...options, dataDir });
  const handler: RequestListener = onRequest
    ? (request, response) => {
        onRequest(request);
        engine.handler(request, response);
      }
    : engine.handler;
  const http = await listen(handler, 0, '127.0.0.1', {}, engine.faults);
  return {
    url: http.url,
    dataDir,
    engine,
    client: sdkClient(http.url, ...firstCredential(options.credentials)),
    logged,
    close: async ({ removeData = true } = {}) => {
      await http.close();
      await engine.close();
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function sdkClient(endpoint: string, accessKeyId = 'test', secretAccessKey = 'test'): LookoutVisionClient {
  return new LookoutVisionClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

/** The harness client signs with the engine's first credential, when it has any. */
function firstCredential(credentials: ReadonlyMap<string, string> | undefined): [string, string] | [] {
  const first = credentials?.entries().next();
  return first && !first.done ? first.value : [];
}

/** Polls `read` until `done` holds, or fails after `timeoutMs` naming the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  // Short pauses: tests wait for local state changes that take milliseconds to seconds.
  const { settled, last } = await pollUntil(read, done, { minDelay: 0.05, maxDelay: 0.5, maxWaitTime: timeoutMs / 1000 });
  if (!settled) throw new Error(`timed out waiting; last value: ${JSON.stringify(last)}`);
  return last;
}
