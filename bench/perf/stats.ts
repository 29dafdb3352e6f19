import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The value below which `q` (0-1) of the sorted values lie (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rounds for display and JSON: `digits` decimals. */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, every thread) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** A memory figure of a process from /proc/<pid>/status, in MiB. */
export function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) throw new Error(`${path} is missing: the bench reads Linux's /proc`);
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'))?.[1]);
  return kb / 1024;
}

/** Resets the kernel's peak-RSS mark (VmHWM) of a process we own; false where the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds and parent of every process now, from /proc/<pid>/stat. */
function allProcesses(): Map<number, { cpu: number; parent: number }> {
  const out = new Map<number, { cpu: number; parent: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND, parent: Number(fields[1]) });
    } catch {
      // it ended meanwhile
    }
  }
  return out;
}

/** CPU seconds used since `before` by processes that are neither this one nor its descendants (new ones: all theirs). */
function othersSince(before: Map<number, { cpu: number; parent: number }>): number {
  const now = allProcesses();
  const ours = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      p = now.get(p)?.parent ?? 0;
    }
    return false;
  };
  let seconds = 0;
  for (const [pid, { cpu }] of now) if (!ours(pid)) seconds += Math.max(0, cpu - (before.get(pid)?.cpu ?? 0));
  return seconds;
}

/**
 * CPU used by each named process over a stretch of time, in cores
 * (1.0 = one core busy throughout); `load generator` is this process, and
 * `other processes` everything on the machine that is not the bench or one of
 * its children (a test run on a shared machine shows there).
 */
export class CpuMeter {
  private readonly start: Map<string, number>;
  private readonly startSelf = process.cpuUsage();
  private readonly startOthers = allProcesses();
  private readonly startedAt = performance.now();

  constructor(private readonly pids: Record<string, number>) {
    this.start = new Map(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  }

  stop(): Record<string, number> {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const self = process.cpuUsage(this.startSelf);
    const out: Record<string, number> = { 'load generator': (self.user + self.system) / 1e6 / seconds };
    for (const [name, pid] of Object.entries(this.pids)) {
      try {
        out[name] = (cpuSeconds(pid) - this.start.get(name)!) / seconds;
      } catch {
        // the process ended meanwhile
      }
    }
    out['other processes'] = othersSince(this.startOthers) / seconds;
    return Object.fromEntries(Object.entries(out).map(([name, cores]) => [name, round(cores)]));
  }
}

/** Samples a process's VmRSS every `intervalMs`; `stop` answers the highest sample and the kernel's VmHWM. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 20,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    try {
      this.peak = Math.max(this.peak, memoryMiB(this.pid, 'VmRSS'));
    } catch {
      // the process ended
    }
  }

  stop(): { sampledPeakMiB: number; hwmMiB: number } {
    clearInterval(this.timer);
    this.sample();
    return { sampledPeakMiB: this.peak, hwmMiB: memoryMiB(this.pid, 'VmHWM') };
  }
}

/** The machine's load right now: 1-minute load average and cores. */
export function machineLoad(): { loadAverage1m: number; cores: number } {
  const [one] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  return { loadAverage1m: Number(one), cores: cpus().length };
}
