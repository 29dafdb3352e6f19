import type { Clock } from '../../src/runtime/clock';

/** A clock the test moves by hand, so idle times and schedule windows pass without real minutes. */
export class ManualClock implements Clock {
  constructor(private time: number) {}

  now(): Date {
    return new Date(this.time);
  }

  set(iso: string): void {
    this.time = Date.parse(iso);
  }

  advance(minutes: number): void {
    this.time += minutes * 60_000;
  }
}
