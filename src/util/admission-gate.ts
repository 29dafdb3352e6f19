/** The gate's queue is full, or a waiter's turn did not come in time. */
export class AdmissionRefused extends Error {
  constructor(readonly reason: 'queue-full' | 'timeout') {
    super(reason === 'queue-full' ? 'too many requests are waiting' : 'waited too long for a turn');
  }
}

export interface AdmissionOptions {
  /** Holders at once. */
  concurrency: number;
  /** Waiters beyond the holders; past it a request is refused at once. */
  queueLength: number;
  /** Longest wait for a turn. */
  queueTimeoutMs: number;
}

/**
 * A counting semaphore with a short, bounded, timed queue: what keeps a burst
 * of expensive requests from piling up without limit. (p-limit and friends
 * queue without bound and without deadlines, and are ESM-only.)
 */
export class AdmissionGate {
  private active = 0;
  private readonly waiting: { admit(): void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly options: AdmissionOptions) {}

  /** Runs `work` when a turn is free; rejects with AdmissionRefused when none comes. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  private enter(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.queueLength) return Promise.reject(new AdmissionRefused('queue-full'));
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          this.active++;
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(new AdmissionRefused('timeout'));
        }, this.options.queueTimeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  private leave(): void {
    this.active--;
    this.waiting.shift()?.admit();
  }
}
