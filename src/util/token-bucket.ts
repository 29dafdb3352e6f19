/** A token bucket: `rate` events a second sustained, bursts up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** 0 when the event may go ahead (and takes a token), else the seconds until it could. */
  take(): number {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return (1 - this.tokens) / this.rate;
  }

  /** Whether the bucket is full again, so its owner may forget it. */
  get idle(): boolean {
    return this.tokens + ((performance.now() - this.last) / 1000) * this.rate >= this.burst;
  }
}
