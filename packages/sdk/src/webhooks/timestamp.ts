/**
 * @module webhooks/timestamp
 * The timestamp header: Unix seconds, checked against `now` in both directions (stripe's verifier
 * only rejects old ones). Messages give the skew and its direction, so a clock problem reads as one.
 */
import { WebhookVerificationError } from '../errors.js';

/** The documented default: 5 minutes either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Anything past this is not a plausible Unix time in seconds (year 5138); likely milliseconds. */
const MAX_PLAUSIBLE_SECONDS = 1e11;

/**
 * Parses a timestamp header as Unix seconds: digits only (surrounding whitespace allowed). Throws
 * `invalid_timestamp` for anything else.
 */
export function parseTimestampHeader(value: string, headerName: string): number {
  const text = value.trim();
  const seconds = Number(text);
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(seconds)) {
    throw new WebhookVerificationError(
      'invalid_timestamp',
      `${headerName} must be Unix time in whole seconds (digits only)`,
    );
  }
  return seconds;
}

/**
 * Throws `timestamp_too_old` / `timestamp_too_new` when `timestampSeconds` is more than
 * `toleranceSeconds` from `now`. A tolerance of 0 skips the check entirely (unsafe: a captured
 * delivery then verifies forever).
 */
export function checkTimestampWindow(timestampSeconds: number, now: Date, toleranceSeconds: number): void {
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError('toleranceSeconds must be a finite number >= 0 (0 disables the time check)');
  }
  if (toleranceSeconds === 0) return;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const skew = timestampSeconds - nowSeconds;
  if (skew < -toleranceSeconds) {
    throw new WebhookVerificationError(
      'timestamp_too_old',
      `the webhook timestamp is ${-skew} s older than now (tolerance ${toleranceSeconds} s): a late or replayed delivery, or this clock runs ahead (sync it with NTP; for queued processing pass now)`,
    );
  }
  if (skew > toleranceSeconds) {
    const hint =
      timestampSeconds > MAX_PLAUSIBLE_SECONDS
        ? '; it looks like milliseconds, the header is in seconds'
        : '';
    throw new WebhookVerificationError(
      'timestamp_too_new',
      `the webhook timestamp is ${skew} s ahead of now (tolerance ${toleranceSeconds} s): this clock runs behind (sync it with NTP)${hint}`,
    );
  }
}
