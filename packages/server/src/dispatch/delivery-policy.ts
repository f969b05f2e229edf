/**
 * @module dispatch/delivery-policy
 * What an attempt's result means for its message (delivered, retry at T, failed) and for its endpoint
 * (disable now, and why). Pure functions of the result, the retry table and the clock, kept apart
 * from the dispatcher's machinery so the rules read in one place.
 */
import { formatWibDateTime } from 'mutasibank';
import type { AttemptDecision, EndpointHealth, EpochMs } from './outbox-store.js';
import { nextAttemptAt, type RandomSource } from './retry-schedule.js';
import type { DeliveryResult } from './sender.js';

/** Inputs of {@link decideAfterAttempt}. */
export interface DecideInput {
  attemptNumber: number;
  now: EpochMs;
  result: DeliveryResult;
  random: RandomSource;
  /** Retry table; default `RETRY_DELAYS_MS`. */
  retryDelaysMs?: readonly number[];
}

/**
 * 2xx: delivered. Anything else (410 included: the message waits while its endpoint is disabled):
 * a retry at the table's next time, stretched by `Retry-After`, or failed after the last attempt.
 *
 * @example
 * decideAfterAttempt({ attemptNumber: 1, now, result, random: Math.random }); // { status: 'retry', nextAttemptAt }
 */
export function decideAfterAttempt(input: DecideInput): AttemptDecision {
  const { result } = input;
  if (result.outcome === 'delivered') return { status: 'delivered' };
  const next = nextAttemptAt(input.attemptNumber, input.now, input.random, {
    retryAfterSeconds: result.retryAfterSeconds,
    delaysMs: input.retryDelaysMs,
  });
  return next === undefined ? { status: 'failed' } : { status: 'retry', nextAttemptAt: next };
}

/** Inputs of {@link disableReason}. */
export interface DisableInput {
  /** The endpoint's health after the attempt was recorded. */
  health: EndpointHealth;
  result: DeliveryResult;
  now: EpochMs;
  /** How long an endpoint may fail without a single success before it is disabled. */
  disableAfterFailingMs: number;
}

/**
 * The reason to disable the endpoint now, written for its owner (times in WIB), or `undefined` to keep
 * it active: at once on `410 Gone`, or when every attempt has failed for `disableAfterFailingMs`.
 *
 * @example
 * const reason = disableReason({ health, result, now, disableAfterFailingMs: 86_400_000 });
 * if (reason) await store.disableEndpoint({ endpointId: health.id, reason, now });
 */
export function disableReason(input: DisableInput): string | undefined {
  const { health, result, now } = input;
  if (!health.isActive || result.outcome === 'delivered') return undefined;
  const at = formatWibDateTime(new Date(now));
  let why: string;
  if (result.outcome === 'gone') {
    why = 'the endpoint answered 410 Gone, which asks us to stop sending';
  } else if (health.failingSince !== null && now - health.failingSince >= input.disableAfterFailingMs) {
    const since = formatWibDateTime(new Date(health.failingSince));
    why = `every delivery attempt has failed since ${since} WIB (last: ${result.error ?? result.kind})`;
  } else {
    return undefined;
  }
  return `Disabled at ${at} WIB: ${why}. Fix the receiver, then re-enable the webhook; its pending messages will be sent.`;
}
