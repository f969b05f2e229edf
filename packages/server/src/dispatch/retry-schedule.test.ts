import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  nextAttemptAt,
  RETRY_AFTER_MAX_MS,
  RETRY_DELAYS_MS,
  retryDelayMs,
} from './retry-schedule.js';

const HOUR_MS = 3_600_000;

describe('retry schedule', () => {
  it('is the documented table: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 6 h, 8 h', () => {
    expect(RETRY_DELAYS_MS.map((ms) => ms / 1000)).toEqual([
      5, 30, 120, 600, 1800, 3600, 7200, 14400, 21600, 28800,
    ]);
    expect(MAX_ATTEMPTS).toBe(11);
  });

  it('is the table printed in docs/delivery.md', () => {
    const doc = readFileSync(new URL('../../../../docs/delivery.md', import.meta.url), 'utf8');
    const unitMs: Record<string, number> = { s: 1000, min: 60_000, h: 3_600_000 };
    const rows = [...doc.matchAll(/^\| (\d+) +\| (\d+) (s|min|h) +\|/gm)].map((m) => [
      Number(m[1]),
      Number(m[2]) * (unitMs[m[3] ?? ''] ?? Number.NaN),
    ]);
    expect(rows).toEqual(RETRY_DELAYS_MS.map((ms, i) => [i + 1, ms]));
    expect(doc).toMatch(new RegExp(`^\\| ${MAX_ATTEMPTS} +\\| \\(last\\)`, 'm'));
  });

  it('draws each wait between the previous step and its own', () => {
    expect(retryDelayMs(1, () => 0)).toBe(2500);
    expect(retryDelayMs(1, () => 0.999999)).toBe(5000);
    expect(retryDelayMs(2, () => 0)).toBe(5000);
    expect(retryDelayMs(2, () => 0.5)).toBe(17_500);
    expect(retryDelayMs(10, () => 0)).toBe(6 * HOUR_MS);
    expect(retryDelayMs(10, () => 0.9999999999)).toBe(8 * HOUR_MS);
  });

  it('gives no wait after the last attempt', () => {
    expect(retryDelayMs(MAX_ATTEMPTS, () => 0.5)).toBeUndefined();
    expect(retryDelayMs(MAX_ATTEMPTS + 3, () => 0.5)).toBeUndefined();
    expect(nextAttemptAt(MAX_ATTEMPTS, 1000, () => 0.5)).toBeUndefined();
  });

  it('rejects an attempt count that is not a positive integer', () => {
    expect(() => retryDelayMs(0, () => 0.5)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5, () => 0.5)).toThrow(RangeError);
  });

  it('spreads the last attempt 13.7 to 21.7 hours after the first', () => {
    const total = (random: () => number) => {
      let sum = 0;
      for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) sum += retryDelayMs(attempt, random) ?? 0;
      return sum / HOUR_MS;
    };
    expect(total(() => 0)).toBeCloseTo(13.71, 2);
    expect(total(() => 0.999999)).toBeCloseTo(21.71, 2);
  });

  it('never shortens a wait, whatever the random source returns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_ATTEMPTS - 2 }),
        fc.double({ noNaN: true }),
        fc.double({ noNaN: true }),
        (attempt, a, b) => {
          const first = retryDelayMs(attempt, () => a) ?? 0;
          const second = retryDelayMs(attempt + 1, () => b) ?? 0;
          const step = RETRY_DELAYS_MS[attempt - 1] ?? 0;
          const lower = attempt === 1 ? step / 2 : (RETRY_DELAYS_MS[attempt - 2] ?? 0);
          return first <= second && first <= step && first >= lower;
        },
      ),
    );
  });

  it('lets Retry-After lengthen a wait up to one hour but never shorten it', () => {
    expect(retryDelayMs(1, () => 0, { retryAfterSeconds: 120 })).toBe(120_000);
    expect(retryDelayMs(1, () => 0, { retryAfterSeconds: 86_400 })).toBe(RETRY_AFTER_MAX_MS);
    expect(retryDelayMs(8, () => 0, { retryAfterSeconds: 10 })).toBe(2 * HOUR_MS);
    expect(retryDelayMs(1, () => 0, { retryAfterSeconds: 0 })).toBe(2500);
    expect(retryDelayMs(1, () => 0, { retryAfterSeconds: Number.NaN })).toBe(2500);
    expect(retryDelayMs(MAX_ATTEMPTS, () => 0, { retryAfterSeconds: 5 })).toBeUndefined();
  });

  it('adds the wait to now', () => {
    expect(nextAttemptAt(2, 1_000_000, () => 0)).toBe(1_005_000);
    expect(nextAttemptAt(1, 0, () => 0, { delaysMs: [100, 200] })).toBe(50);
    expect(nextAttemptAt(3, 0, () => 0, { delaysMs: [100, 200] })).toBeUndefined();
  });
});
