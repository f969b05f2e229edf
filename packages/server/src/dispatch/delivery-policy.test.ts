import { describe, expect, it } from 'vitest';
import { decideAfterAttempt, disableReason } from './delivery-policy.js';
import type { EndpointHealth } from './outbox-store.js';
import type { DeliveryResult } from './sender.js';

const NOW = Date.UTC(2026, 0, 2, 0, 0, 0); // 2026-01-02 07:00:00 WIB
const DAY_MS = 86_400_000;
const http = (statusCode: number, extra: Partial<DeliveryResult> = {}): DeliveryResult => ({
  outcome: statusCode < 300 ? 'delivered' : statusCode === 410 ? 'gone' : 'failed',
  kind: 'http',
  statusCode,
  latencyMs: 5,
  ...(statusCode < 300 ? {} : { error: `HTTP ${statusCode}` }),
  ...extra,
});
const health = (failingSince: number | null, isActive = true): EndpointHealth => ({
  id: 'wh_1',
  isActive,
  disabledReason: null,
  failingSince,
});

describe('decideAfterAttempt', () => {
  it('delivers on 2xx, retries per the table otherwise, and fails after the last attempt', () => {
    const random = () => 0;
    expect(decideAfterAttempt({ attemptNumber: 1, now: NOW, result: http(200), random })).toEqual({
      status: 'delivered',
    });
    expect(decideAfterAttempt({ attemptNumber: 1, now: NOW, result: http(500), random })).toEqual({
      status: 'retry',
      nextAttemptAt: NOW + 2_500,
    });
    expect(decideAfterAttempt({ attemptNumber: 1, now: NOW, result: http(410), random })).toMatchObject({
      status: 'retry',
    });
    expect(decideAfterAttempt({ attemptNumber: 11, now: NOW, result: http(500), random })).toEqual({
      status: 'failed',
    });
  });

  it('stretches the wait by Retry-After and uses a custom table when given', () => {
    const result = http(503, { retryAfterSeconds: 600 });
    expect(decideAfterAttempt({ attemptNumber: 1, now: NOW, result, random: () => 0 })).toEqual({
      status: 'retry',
      nextAttemptAt: NOW + 600_000,
    });
    expect(
      decideAfterAttempt({
        attemptNumber: 2,
        now: NOW,
        result: http(500),
        random: () => 0,
        retryDelaysMs: [1],
      }),
    ).toEqual({ status: 'failed' });
  });
});

describe('disableReason', () => {
  it('disables at once on 410 Gone, saying so in WIB', () => {
    expect(
      disableReason({ health: health(NOW), result: http(410), now: NOW, disableAfterFailingMs: DAY_MS }),
    ).toBe(
      'Disabled at 2026-01-02 07:00:00 WIB: the endpoint answered 410 Gone, which asks us to stop sending. ' +
        'Fix the receiver, then re-enable the webhook; its pending messages will be sent.',
    );
  });

  it('disables once the endpoint has only failed for the whole period, not a millisecond before', () => {
    const input = { result: http(500), now: NOW, disableAfterFailingMs: DAY_MS };
    expect(disableReason({ ...input, health: health(NOW - DAY_MS + 1) })).toBeUndefined();
    expect(disableReason({ ...input, health: health(NOW - DAY_MS) })).toMatch(
      /every delivery attempt has failed since 2026-01-01 07:00:00 WIB \(last: HTTP 500\)/,
    );
    const timeout: DeliveryResult = { outcome: 'failed', kind: 'timeout', latencyMs: 15_000 };
    expect(disableReason({ ...input, result: timeout, health: health(NOW - DAY_MS) })).toMatch(
      /\(last: timeout\)/,
    );
  });

  it('leaves alone a delivered attempt, an endpoint that is not failing, or one already disabled', () => {
    const input = { now: NOW, disableAfterFailingMs: DAY_MS };
    expect(disableReason({ ...input, result: http(200), health: health(null) })).toBeUndefined();
    expect(disableReason({ ...input, result: http(500), health: health(null) })).toBeUndefined();
    expect(disableReason({ ...input, result: http(410), health: health(NOW, false) })).toBeUndefined();
  });
});
