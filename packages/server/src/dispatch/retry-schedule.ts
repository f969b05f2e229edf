/**
 * @module dispatch/retry-schedule
 * The one table of webhook retry delays, with jitter, and the Retry-After bounds. The store never
 * computes backoff: the dispatcher asks {@link nextAttemptAt} and hands the store a plain time.
 */

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Nominal wait after each failed attempt: entry `i` is the wait before attempt `i + 2`. Ten retries,
 * so a message gets {@link MAX_ATTEMPTS} attempts in all, the last one 13.7 to 21.7 hours after the
 * first (see {@link retryDelayMs} for the jitter). `docs/delivery.md` prints this same table.
 */
export const RETRY_DELAYS_MS: readonly number[] = Object.freeze([
  5 * SECOND_MS,
  30 * SECOND_MS,
  2 * MINUTE_MS,
  10 * MINUTE_MS,
  30 * MINUTE_MS,
  1 * HOUR_MS,
  2 * HOUR_MS,
  4 * HOUR_MS,
  6 * HOUR_MS,
  8 * HOUR_MS,
]);

/** Attempts a message gets with the default table: the first one plus one per retry delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * Longest wait a `Retry-After` header can impose (1 hour). A receiver asking for more gets this; one
 * asking for less than the table's wait gets the table's wait, so it can push an attempt later but
 * never sooner, and cannot burn through the attempts in minutes.
 */
export const RETRY_AFTER_MAX_MS = HOUR_MS;

/** A random source returning a float in `[0, 1)`, like `Math.random`; injected so tests are exact. */
export type RandomSource = () => number;

/** Options of {@link retryDelayMs} and {@link nextAttemptAt}. */
export interface RetryOptions {
  /** Seconds from a `Retry-After` header of a 429 or 503 answer, when there was one. */
  retryAfterSeconds?: number;
  /** Another table (tests, or an operator's policy); defaults to {@link RETRY_DELAYS_MS}. */
  delaysMs?: readonly number[];
}

/**
 * How long to wait after failed attempt number `attempts` (1-based), or `undefined` when that was the
 * last attempt.
 *
 * Jitter: the wait is drawn uniformly between the previous step of the table and this one (the first
 * between half of it and all of it): 2.5-5 s, 5-30 s, 30 s-2 min, ... 6-8 h. Receivers coming back
 * after an outage are not hit by every message at once, and a wait is never shorter than the one
 * before it. A `Retry-After` value (already in seconds) only lengthens the wait, up to
 * {@link RETRY_AFTER_MAX_MS}.
 *
 * @example
 * retryDelayMs(1, () => 0.5); // 3750: half-way between 2.5 s and 5 s
 * retryDelayMs(11, Math.random); // undefined: the 11th attempt was the last
 */
export function retryDelayMs(
  attempts: number,
  random: RandomSource,
  options: RetryOptions = {},
): number | undefined {
  const delays = options.delaysMs ?? RETRY_DELAYS_MS;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  }
  const step = delays[attempts - 1];
  if (step === undefined) return undefined;
  const lower = attempts === 1 ? step / 2 : (delays[attempts - 2] ?? step / 2);
  const jittered = Math.round(lower + clampUnit(random()) * (step - lower));
  const retryAfterMs = retryAfterToMs(options.retryAfterSeconds);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}

/**
 * When attempt number `attempts + 1` is due, given that attempt `attempts` failed at `now` (epoch ms),
 * or `undefined` when no attempt is left and the message is to be marked failed.
 *
 * @example
 * const next = nextAttemptAt(message.attemptNumber, clock(), Math.random, { retryAfterSeconds });
 * if (next === undefined) markFailed(); else scheduleRetry(next);
 */
export function nextAttemptAt(
  attempts: number,
  now: number,
  random: RandomSource,
  options: RetryOptions = {},
): number | undefined {
  const delay = retryDelayMs(attempts, random, options);
  return delay === undefined ? undefined : now + delay;
}

function retryAfterToMs(seconds: number | undefined): number | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return Math.min(seconds * SECOND_MS, RETRY_AFTER_MAX_MS);
}

// A random source outside [0, 1) must not stretch the wait past the table.
function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(value, 1);
}
