import type { LoadResult } from './load';
import { median, round } from './stats';

/** Medians over the rounds of one side of a figure. */
export interface Summary {
  p50: number;
  p99: number;
  rps: number;
  /** Requests that failed in all rounds (should be 0), and the first few answers refused. */
  failed: number;
  failures: string[];
  requests: number;
  /** Cores each process used (median over the rounds). */
  cpu: Record<string, number>;
  /** CPU time each process spent per successful request, ms (median over the rounds). */
  cpuMsPerRequest: Record<string, number>;
  /** Each round's p50 / p99 / rps, to see the spread. */
  rounds: { p50: number; p99: number; rps: number }[];
}

export function summarize(results: LoadResult[]): Summary {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.cpu)))];
  return {
    p50: round(median(results.map((r) => r.p50))),
    p99: round(median(results.map((r) => r.p99))),
    rps: round(median(results.map((r) => r.rps)), 1),
    failed: results.reduce((a, r) => a + r.failed, 0),
    failures: results.flatMap((r) => r.failures).slice(0, 3),
    requests: results.reduce((a, r) => a + r.ok, 0),
    cpu: Object.fromEntries(names.map((n) => [n, round(median(results.map((r) => r.cpu[n] ?? NaN)))])),
    cpuMsPerRequest: Object.fromEntries(names.map((n) => [n, round(median(results.map((r) => ((r.cpu[n] ?? NaN) * 1000) / r.rps)), 2)])),
    rounds: results.map((r) => ({ p50: round(r.p50), p99: round(r.p99), rps: round(r.rps, 1) })),
  };
}

export function cpuText(cpu: Record<string, number>): string {
  return Object.entries(cpu)
    .map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
    .join(', ');
}
