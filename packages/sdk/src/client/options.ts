/**
 * @module client/options
 * The client's options, their defaults, and their checks. Everything is resolved once, in the
 * constructor, so a bad option fails at start-up rather than on the first call.
 */
import { MutasibankInvalidRequestError } from '../errors.js';
import { type FetchApiSenderConfig, type FetchLike, isValidTimeoutMs, MAX_TIMEOUT_MS } from './request.js';
import { type RetryOptions, resolveRetryPolicy } from './retry.js';
import { SDK_VERSION } from './version.js';

/** The hosted service's base URL, used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = 'https://mutasibank.co.id/api/v1';

/** Options of {@link MutasibankClient}. Only `token` is required. */
export interface MutasibankClientOptions {
  /** API token from the Mutasibank dashboard; sent as `Authorization: <token>`. */
  token: string;
  /** API base URL, e.g. your own server's `http://127.0.0.1:3000/api/v1`. Default {@link DEFAULT_BASE_URL}. */
  baseUrl?: string | undefined;
  /** Timeout of each attempt in ms (a retried call can take longer in total). Default 30000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, for calls safe to repeat. Default 2; 0 disables retries. */
  maxRetries?: number | undefined;
  /** A `fetch` implementation (tests, proxies, custom agents). Default: the global `fetch`. */
  fetch?: FetchLike | undefined;
  /** User-Agent header. Default `mutasibank-js/<version>`. */
  userAgent?: string | undefined;
  /** Backoff tuning and, for tests, injectable `sleep`, `random` and `now`. */
  retry?: RetryOptions | undefined;
  /** Largest response body read, in bytes; a larger one is a `MutasibankServerError`. Default 16 MiB. */
  maxResponseBytes?: number | undefined;
}

function invalidOption(message: string): MutasibankInvalidRequestError {
  return new MutasibankInvalidRequestError(`MutasibankClient: ${message}`);
}

function resolveBaseUrl(value: string | undefined): string {
  const text = value ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidOption('baseUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidOption('baseUrl must use http or https');
  if (url.search !== '' || url.hash !== '') throw invalidOption('baseUrl must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** True for text that can go into an HTTP header as is: printable ASCII, not blank. */
function isHeaderText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && /^[\x20-\x7e]+$/.test(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Checks the options and fills in defaults; throws {@link MutasibankInvalidRequestError} naming
 * the bad option (never echoing the token).
 */
export function resolveClientOptions(options: MutasibankClientOptions): FetchApiSenderConfig {
  const {
    token,
    timeoutMs = 30_000,
    maxRetries = 2,
    maxResponseBytes = 16 * 1024 * 1024,
    userAgent = `mutasibank-js/${SDK_VERSION}`,
  } = options;
  // Header text is checked here because fetch would refuse a line break or a non-ASCII character
  // only when sending, as a TypeError that looks like a network failure.
  if (!isHeaderText(token)) throw invalidOption('token must be a non-blank string of printable ASCII');
  if (!isHeaderText(userAgent))
    throw invalidOption('userAgent must be a non-blank string of printable ASCII');
  if (!isValidTimeoutMs(timeoutMs))
    throw invalidOption('timeoutMs must be a positive number of milliseconds');
  if (!isNonNegativeInteger(maxRetries)) throw invalidOption('maxRetries must be a non-negative integer');
  if (!isNonNegativeInteger(maxResponseBytes) || maxResponseBytes === 0) {
    throw invalidOption('maxResponseBytes must be a positive integer');
  }
  for (const name of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    const value = options.retry?.[name];
    if (value !== undefined && !(value >= 0 && value <= MAX_TIMEOUT_MS)) {
      throw invalidOption(`retry.${name} must be a non-negative number of milliseconds`);
    }
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw invalidOption('fetch must be a function');
  }
  return {
    baseUrl: resolveBaseUrl(options.baseUrl),
    token,
    // The default looks fetch up at call time and calls it on globalThis: some runtimes throw
    // "Illegal invocation" when it is called with another `this`.
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    userAgent,
    timeoutMs,
    maxRetries,
    maxResponseBytes,
    retry: resolveRetryPolicy(options.retry),
  };
}
