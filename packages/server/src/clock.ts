/**
 * @module clock
 * Time, passed in wherever it matters (scheduler, retries, token expiry, default windows), so
 * tests can move it and nothing reads the wall clock behind their back.
 */

/** A source of the current instant. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | Date = Date.UTC(2025, 0, 10, 7, 30)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.#now;
  }
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.#now += ms;
  }
  /** Sets the clock to an instant. */
  set(instant: number | Date): void {
    this.#now = typeof instant === 'number' ? instant : instant.getTime();
  }
}
