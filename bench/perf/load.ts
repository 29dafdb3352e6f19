import autocannon from 'autocannon';
import { CpuMeter, percentile } from './stats';

export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body: Buffer | string;
  /** Instead of one request for all: connection i sends perConnection[i % length] (path, headers and body). */
  perConnection?: ConnectionRequest[];
  connections: number;
  /** Run for this long... */
  seconds?: number;
  /** ...or until this many requests have been answered. */
  amount?: number;
  /** Whether a 2xx answer is a success (a GraphQL error comes with 200). */
  verify: (body: string) => boolean;
  /** Processes whose CPU use to report, by name. */
  processes?: Record<string, number>;
}

export interface ConnectionRequest {
  path: string;
  headers: Record<string, string>;
  /** The body; a function makes a fresh one for each request (for uploads a server refuses to take twice). */
  body: Buffer | (() => Buffer);
}

export interface LoadResult {
  /** 2xx answers that passed `verify`. */
  ok: number;
  /** Anything else: non-2xx, answers `verify` refused, connection errors, timeouts. */
  failed: number;
  /** The first few refused answers, for the report. */
  failures: string[];
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  seconds: number;
  /** Successful requests per second. */
  rps: number;
  /** Latencies of 2xx answers, in ms, exact (autocannon's own histogram keeps whole milliseconds). */
  p50: number;
  p99: number;
  mean: number;
  /** Cores used by each process during the run. */
  cpu: Record<string, number>;
}

/** Cores used by processes other than the bench's during each load run so far (a busy machine shows here). */
export const otherProcessesPerRun: number[] = [];

/** One run of autocannon against `url`, with latencies kept to the microsecond. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const perConnection = options.perConnection;
  let nextConnection = 0;
  // autocannon emits 'response' (status, time) and then calls verifyBody (body) for the same response, synchronously.
  let last = { status: 0, ms: 0 };
  let ok = 0;
  let refused = 0;
  const statuses: Record<string, number> = {};
  const samples: string[] = [];
  const meter = new CpuMeter(options.processes ?? {});
  const started = performance.now();
  const instance = autocannon({
    url: options.url,
    method: options.method,
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
    timeout: 120,
    verifyBody: (body) => {
      const good = last.status >= 200 && last.status < 300 && options.verify(body);
      if (good) {
        ok++;
        latencies.push(last.ms);
      } else {
        refused++;
        if (samples.length < 3) samples.push(`HTTP ${last.status}: ${body.slice(0, 300)}`);
      }
      return good;
    },
    ...(perConnection?.length
      ? {
          setupClient: (client) => {
            const { path, headers, body } = perConnection[nextConnection++ % perConnection.length];
            client.setRequests([
              typeof body === 'function'
                ? { method: options.method, path, headers, setupRequest: (request) => ({ ...request, body: body() }) }
                : { method: options.method, path, headers, body },
            ]);
          },
        }
      : {}),
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    last = { status, ms };
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const seconds = options.amount !== undefined ? (performance.now() - started) / 1000 : result.duration;
  const cpu = meter.stop();
  otherProcessesPerRun.push(cpu['other processes'] ?? 0);
  return {
    ok,
    failed: refused + result.errors,
    failures: samples,
    statuses,
    seconds,
    rps: ok / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    cpu,
  };
}

/**
 * Runs `rounds` rounds of each side, alternating (A B, B A, A B, ...), so a
 * drift of the machine's load hits both sides alike.
 */
export async function alternate<S extends Record<string, () => Promise<unknown>>>(rounds: number, sides: S): Promise<{ [K in keyof S]: Awaited<ReturnType<S[K]>>[] }> {
  const names = Object.keys(sides);
  const out: Record<string, unknown[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) out[name].push(await sides[name]());
  }
  return out as { [K in keyof S]: Awaited<ReturnType<S[K]>>[] };
}
