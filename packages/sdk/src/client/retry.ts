/**
 * @module client/retry
 * When and how long to wait before sending a request again: exponential backoff with full
 * jitter (a random delay between 0 and a doubling ceiling, so many clients that failed together
 * do not come back together), or exactly the server's Retry-After when it sent one. Which
 * requests may be repeated at all is decided by the request path; this module only says whether
 * an error is worth another attempt.
 */
import {
  MutasibankConnectionError,
  MutasibankRateLimitError,
  MutasibankServerError,
  MutasibankTimeoutError,
} from '../errors.js';

/** Tuning of retries. Every field has a default; `sleep`, `random` and `now` exist for tests. */
export interface RetryOptions {
  /** Ceiling of the first retry's delay; doubles on each further retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 8000 ms. */
  maxDelayMs?: number;
  /**
   * Longest Retry-After the client will wait for. A longer one (a rate limit reset in an hour) is
   * not waited out: the error is thrown at once, with `retryAfter` set. Default 60000 ms.
   */
  maxRetryAfterMs?: number;
  /** Waits `ms`, rejecting with `signal.reason` if the signal aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1), for the jitter. Default `Math.random`. */
  random?: () => number;
  /** Current time in Unix ms, to read a Retry-After HTTP-date. Default `Date.now`. */
  now?: () => number;
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Required<RetryOptions>;

/**
 * Waits `ms` milliseconds; rejects with the signal's reason as soon as it aborts, so a cancelled
 * call does not sit out its backoff.
 */
export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Fills in the defaults of {@link RetryOptions}. */
export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    sleep: options.sleep ?? sleepMs,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

/** Upper bound of the delay before retry number `retry` (0 for the first retry). */
export function backoffCeilingMs(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}

/** Full-jitter delay before retry number `retry`: uniform in [0, ceiling). */
export function backoffDelayMs(retry: number, policy: RetryPolicy): number {
  return Math.floor(policy.random() * backoffCeilingMs(retry, policy));
}

/**
 * Reads a Retry-After header (RFC 9110): delay-seconds (`"120"`) or an HTTP-date, as milliseconds
 * from `nowMs`. A date in the past gives 0; anything unreadable gives `undefined`.
 *
 * @example
 * parseRetryAfterMs('3', Date.now()); // 3000
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse alone would also accept bare numbers and odd formats; HTTP-dates always name a weekday or month.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * True when another attempt could succeed: no response (connection error, timeout), rate limited,
 * or a 5xx. Other errors (auth, not found, invalid, a 2xx that is not JSON) would fail the same way.
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof MutasibankConnectionError || error instanceof MutasibankTimeoutError) return true;
  if (error instanceof MutasibankRateLimitError) return true;
  return error instanceof MutasibankServerError && error.status !== undefined && error.status >= 500;
}

/**
 * Delay before retry number `retry` after `error`: the server's Retry-After when present (429 or
 * 503), else full-jitter backoff. `undefined` means "do not retry": the server asked for a longer
 * wait than `maxRetryAfterMs`.
 */
export function retryDelayMs(error: unknown, retry: number, policy: RetryPolicy): number | undefined {
  const header =
    error instanceof MutasibankRateLimitError || error instanceof MutasibankServerError
      ? error.headers?.get('retry-after')
      : undefined;
  const retryAfterMs = parseRetryAfterMs(header, policy.now());
  if (retryAfterMs === undefined) return backoffDelayMs(retry, policy);
  return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
}

/** How {@link withRetries} runs: how many retries, with what policy, cancelled by what. */
export interface RetrySettings {
  /** Further attempts after the first; 0 sends once. */
  maxRetries: number;
  /** Delays, clock and randomness to use. */
  policy: RetryPolicy;
  /** The caller's signal: aborting it stops the waiting too. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt`, and again after a delay while it fails with a retryable error and retries
 * remain. The last error is thrown unchanged.
 */
export async function withRetries<T>(attempt: () => Promise<T>, settings: RetrySettings): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= settings.maxRetries || !isRetryableError(error)) throw error;
      const delayMs = retryDelayMs(error, retry, settings.policy);
      if (delayMs === undefined) throw error;
      await settings.policy.sleep(delayMs, settings.signal);
    }
  }
}
