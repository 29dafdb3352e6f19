import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what a full collection left
 * before it starts the next one: 100%, a factor fixed at 2 (V8 otherwise
 * works one out itself, between about 1.1 and 4, and the flag replaces that
 * choice, so on another workload it can mean more collections, not fewer).
 * Left to itself on this workload, V8 kept a slack of about 10 MB over a
 * live heap of about 32 MB. A detection or an upload holds its image for
 * the whole request, long enough to be promoted, so a 2 MB JPEG every few
 * requests filled that slack, and a full mark-compact (30-50 ms of CPU
 * here) ran every one or two detections: most of the gateway's CPU per
 * JPEG (BENCHMARKS.md).
 */
const HEAP_GROWING_PERCENT = 100;

/** The V8 flag to set for a server process, or null when it was started with a growing factor of its own. */
export function heapGrowthFlag(execArgv: readonly string[] = process.execArgv): string | null {
  const own = execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  return own ? null : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/**
 * Sets the heap growing factor for a server process (the gateway, the
 * engine), for the whole process: its inference threads too. `node
 * --heap-growing-percent=0 ...` gives V8 its own choice back. A V8 flag
 * read whenever the heap's limits are worked out again, so setting it once
 * the process runs takes effect from the next collection on; Node does not
 * accept it in NODE_OPTIONS.
 */
export function tuneHeapGrowth(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): void {
  const flag = heapGrowthFlag(execArgv);
  if (flag) setFlags(flag);
}
