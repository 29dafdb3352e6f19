/**
 * Upstream reads shared by every request of this gateway for a short while
 * (`ttlMs`, READ_CACHE_TTL_MS), so that a frontend's polling queries do not
 * each cost Lookout calls: concurrent reads of one key share one call
 * (coalescing), and an answer is reused until it is `ttlMs` old. Entries are
 * grouped by project: the gateway's own changes to a project (every Lookout
 * write it sends) and the model status changes its watcher hears drop that
 * project's entries at once, including reads still in flight, whose answers
 * may predate the change. Other clients' changes made behind the gateway's
 * back show after at most `ttlMs`. Errors are never kept. `ttlMs` 0 turns it
 * off: every read goes upstream, as the per-request loaders alone would.
 */
export class SharedReadCache {
  /** The group of reads about all projects (the project list): no project name has a `*`. */
  static readonly ALL_PROJECTS = '*';
  private readonly projects = new Map<string, Map<string, Entry>>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly counters: { hit(): void; miss(): void } = { hit: () => {}, miss: () => {} },
  ) {}

  /**
   * The answer to a read, without a promise, when one is in and still fresh
   * (a hit, counted as one); undefined otherwise, and then `read` asks. A
   * cached query that answers from here runs without awaiting anything,
   * and each promise and await of a request costs it (BENCHMARKS.md).
   */
  peek<T>(project: string, key: string): { value: T } | undefined {
    if (this.ttlMs <= 0) return undefined;
    const existing = this.projects.get(project)?.get(key);
    if (!existing?.answer || this.stale(existing)) return undefined;
    this.counters.hit();
    return existing.answer as { value: T };
  }

  read<T>(project: string, key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    let entries = this.projects.get(project);
    const existing = entries?.get(key);
    if (existing && !this.stale(existing)) {
      this.counters.hit();
      return existing.value as Promise<T>;
    }
    this.counters.miss();
    if (!entries) {
      entries = new Map();
      this.projects.set(project, entries);
    }
    const entry: Entry = { value: load(), settledAt: null };
    entries.set(key, entry);
    const owner = entries;
    entry.value.then(
      (value) => {
        entry.settledAt = this.now();
        entry.answer = { value };
      },
      () => {
        // A failure is not an answer to keep: the next read tries again.
        if (owner.get(key) === entry) owner.delete(key);
      },
    );
    return entry.value as Promise<T>;
  }

  /** An answer older than the TTL; a read still in flight is never stale. */
  private stale(entry: Entry): boolean {
    return entry.settledAt !== null && this.now() - entry.settledAt >= this.ttlMs;
  }

  /**
   * Forgets everything read of `project`, and the project list (a write may
   * have created or deleted it): later reads go upstream, and reads in
   * flight are not reused.
   */
  invalidate(project: string): void {
    this.projects.delete(project);
    this.projects.delete(SharedReadCache.ALL_PROJECTS);
  }

  clear(): void {
    this.projects.clear();
  }
}

interface Entry {
  value: Promise<unknown>;
  /** When the read answered; null while it is in flight. */
  settledAt: number | null;
  /** What it answered, once it has. */
  answer?: { value: unknown };
}
