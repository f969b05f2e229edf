import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MutasibankAuthenticationError,
  MutasibankConnectionError,
  MutasibankRateLimitError,
  MutasibankServerError,
  MutasibankTimeoutError,
} from '../errors.js';
import {
  backoffCeilingMs,
  backoffDelayMs,
  isRetryableError,
  parseRetryAfterMs,
  resolveRetryPolicy,
  retryDelayMs,
  sleepMs,
  withRetries,
} from './retry.js';

const NOW = Date.parse('2025-01-10T07:30:00Z');

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds and HTTP-dates', () => {
    expect(parseRetryAfterMs('0', NOW)).toBe(0);
    expect(parseRetryAfterMs(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfterMs('Fri, 10 Jan 2025 07:30:05 GMT', NOW)).toBe(5_000);
    expect(parseRetryAfterMs('Fri, 10 Jan 2025 07:00:00 GMT', NOW)).toBe(0);
  });
  it('gives undefined for anything else', () => {
    for (const bad of [null, undefined, '', '-1', '1.5', 'soon', '2025-01-10']) {
      expect(parseRetryAfterMs(bad, NOW)).toBeUndefined();
    }
  });
});

describe('backoff', () => {
  it('doubles from baseDelayMs up to maxDelayMs', () => {
    const policy = { baseDelayMs: 500, maxDelayMs: 8000 };
    expect([0, 1, 2, 3, 4, 5, 30].map((n) => backoffCeilingMs(n, policy))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
  it('full jitter stays in [0, ceiling) for any random in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const policy = resolveRetryPolicy({ random: () => r });
          const delay = backoffDelayMs(n, policy);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(backoffCeilingMs(n, policy));
        },
      ),
    );
  });
  it('prefers Retry-After, and refuses one longer than maxRetryAfterMs', () => {
    const policy = resolveRetryPolicy({ random: () => 0.5, now: () => NOW, maxRetryAfterMs: 10_000 });
    const limited = (value: string) =>
      new MutasibankRateLimitError('x', { status: 429, headers: new Headers({ 'retry-after': value }) });
    expect(retryDelayMs(limited('2'), 3, policy)).toBe(2000);
    expect(retryDelayMs(limited('11'), 0, policy)).toBeUndefined();
    expect(retryDelayMs(new MutasibankServerError('x', { status: 502 }), 1, policy)).toBe(500);
  });
});

describe('isRetryableError', () => {
  it('retries no-response errors, 429 and 5xx; nothing else', () => {
    expect(isRetryableError(new MutasibankConnectionError('x'))).toBe(true);
    expect(isRetryableError(new MutasibankTimeoutError('x'))).toBe(true);
    expect(isRetryableError(new MutasibankRateLimitError('x', { status: 429 }))).toBe(true);
    expect(isRetryableError(new MutasibankServerError('x', { status: 503 }))).toBe(true);
    expect(isRetryableError(new MutasibankServerError('x', { status: 200 }))).toBe(false);
    expect(isRetryableError(new MutasibankAuthenticationError('x', { status: 401 }))).toBe(false);
    expect(isRetryableError(new Error('x'))).toBe(false);
  });
});

describe('withRetries', () => {
  it('makes 1 + maxRetries attempts at most, then throws the last error', async () => {
    let attempts = 0;
    const policy = resolveRetryPolicy({ sleep: async () => {} });
    await expect(
      withRetries(
        async () => {
          attempts++;
          throw new MutasibankServerError(`attempt ${attempts}`, { status: 500 });
        },
        { maxRetries: 2, policy },
      ),
    ).rejects.toThrow('attempt 3');
    expect(attempts).toBe(3);
  });
});

describe('sleepMs', () => {
  it('rejects with the abort reason, before or during the wait', async () => {
    const reason = new Error('stop');
    await expect(sleepMs(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const waiting = sleepMs(60_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });
  it('resolves after the delay', async () => {
    await expect(sleepMs(1)).resolves.toBeUndefined();
  });
});
