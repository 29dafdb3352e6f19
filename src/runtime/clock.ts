/**
 * Where the runtime reads the time. Production uses the system clock; tests
 * pass a clock they move by hand, so an idle stop after 30 minutes or a
 * schedule boundary across a DST change takes no real minutes.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
