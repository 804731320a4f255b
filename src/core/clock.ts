/** Wall-clock time behind an interface, so tests can skew, freeze and rewind it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that tests move by hand. */
export class ManualClock implements Clock {
  constructor(private time = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.time;
  }
  set(ms: number): void {
    this.time = ms;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}
