/**
 * The runtime's background work: each job runs on a later turn of the event
 * loop, so the request that scheduled it is answered first, and whatever it
 * throws, including from its own failure handling (a status write on a full
 * disk), is logged here, never left to become an unhandled rejection that
 * would end the process.
 */
export class BackgroundJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: (message: string, error?: unknown) => void) {}

  run(name: string, work: () => Promise<void>): void {
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) => {
        try {
          this.log(`${name} failed`, error);
        } catch {
          // The log itself failed (a closed stream): nothing is left to tell, and the process must go on.
        }
      });
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  /** Resolves when no job is running, including jobs started meanwhile. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
