/**
 * @module client/request
 * The client's one request path. Every method builds an {@link ApiCall} and hands it to
 * {@link FetchApiSender.send}, which adds the auth header, encodes the body exactly as the spec
 * says (form or JSON: the hosted service may not accept the other), bounds each attempt with a
 * timeout, maps failures through `errorFromResponse`, and retries only calls that are safe to
 * send twice.
 */
import {
  MutasibankConnectionError,
  MutasibankInvalidRequestError,
  MutasibankServerError,
  MutasibankTimeoutError,
} from '../errors.js';
import { encodeForm } from './encode.js';
import { errorFromResponse } from './error-from-response.js';
import { BodyTooLargeError, readBodyText } from './response-body.js';
import { type JsonObject, ResponseShapeError } from './response-fields.js';
import { type RetryPolicy, withRetries } from './retry.js';

/** The HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One API call, as a resource method describes it. */
export interface ApiCall {
  method: HttpMethod;
  /** Path below the base URL, parameters already encoded (see `apiPath`). */
  path: string;
  /** Sent as `application/x-www-form-urlencoded`; `undefined` fields are left out. */
  form?: Readonly<Record<string, string | undefined>>;
  /** Sent as `application/json`. */
  json?: Readonly<Record<string, unknown>>;
  /**
   * Marks a POST that only reads (statements, match), so it is retried like a GET. Creates,
   * toggles, top-ups, PUT and DELETE are never retried: a lost response does not mean the server
   * did nothing, and a second top-up or account is worse than an error.
   */
  isReadOnly?: boolean;
}

/** Per-call options, accepted as the last argument of every client method. */
export interface RequestOptions {
  /** Cancels the call (including its retry waits); the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Timeout of each attempt for this call, overriding the client's `timeoutMs`. */
  timeoutMs?: number;
}

/** The subset of `fetch` the client needs; any WHATWG-compatible implementation fits. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The request path as resources see it; {@link FetchApiSender} is the implementation. */
export interface ApiSender {
  /** Sends `call` and returns `read(body)` of the success body; throws a `MutasibankError` otherwise. */
  send<T>(call: ApiCall, read: (body: JsonObject) => T, options?: RequestOptions): Promise<T>;
}

/** Everything {@link FetchApiSender} needs, resolved by the client's constructor. */
export interface FetchApiSenderConfig {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  /** Sent as `Authorization` as is; already checked to be header-safe. */
  token: string;
  fetch: FetchLike;
  userAgent: string;
  /** Default per-attempt timeout. */
  timeoutMs: number;
  /** Retries for calls that are safe to repeat. */
  maxRetries: number;
  maxResponseBytes: number;
  retry: RetryPolicy;
}

interface ApiResponse {
  status: number;
  headers: Headers;
  rawBody: string;
  body: JsonObject;
}

/** Largest delay `setTimeout` honours; a larger timeout would fire at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** True for a usable timeout: a positive number of milliseconds `setTimeout` can wait. */
export function isValidTimeoutMs(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value <= MAX_TIMEOUT_MS;
}

function describeCause(cause: unknown): string {
  // undici reports "fetch failed" and hides the reason (ECONNREFUSED, ENOTFOUND) one level down.
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) {
    const code = (inner as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${inner.message}` : inner.message;
  }
  return String(inner);
}

/** The `fetch`-based request path: auth, encoding, timeout, error mapping, retries. */
export class FetchApiSender implements ApiSender {
  readonly #config: FetchApiSenderConfig;

  constructor(config: FetchApiSenderConfig) {
    this.#config = config;
  }

  async send<T>(call: ApiCall, read: (body: JsonObject) => T, options: RequestOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    if (!isValidTimeoutMs(timeoutMs)) {
      throw new MutasibankInvalidRequestError(
        `timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`,
      );
    }
    const where = `${call.method} ${call.path}`;
    const init = this.#buildInit(call);
    const canRepeat = call.method === 'GET' || (call.method === 'POST' && call.isReadOnly === true);
    const url = this.#config.baseUrl + call.path;
    const response = await withRetries(() => this.#attempt(where, url, init, timeoutMs, options.signal), {
      maxRetries: canRepeat ? this.#config.maxRetries : 0,
      policy: this.#config.retry,
      signal: options.signal,
    });
    try {
      return read(response.body);
    } catch (error) {
      if (!(error instanceof ResponseShapeError)) throw error;
      throw new MutasibankServerError(
        `Mutasibank API ${where} answered HTTP ${response.status}, but the body is not as documented: ${error.message}` +
          (canRepeat ? '' : ' (the request itself succeeded; the raw body is on error.rawBody)'),
        {
          status: response.status,
          rawBody: response.rawBody,
          body: response.body,
          headers: response.headers,
          cause: error,
        },
      );
    }
  }

  #buildInit(call: ApiCall): RequestInit {
    const headers: Record<string, string> = {
      Authorization: this.#config.token,
      Accept: 'application/json',
      'User-Agent': this.#config.userAgent,
    };
    let body: string | undefined;
    if (call.form !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = encodeForm(call.form);
    } else if (call.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(call.json);
    }
    return { method: call.method, headers, body };
  }

  async #attempt(
    where: string,
    url: string,
    init: RequestInit,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<ApiResponse> {
    if (signal?.aborted) throw signal.reason;
    // One controller per attempt, aborted by our timer or by the caller's signal; own code rather
    // than AbortSignal.any/timeout so the timer is cleared when the call ends and older edge
    // runtimes work too.
    const controller = new AbortController();
    let hasTimedOut = false;
    const timer = setTimeout(() => {
      hasTimedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const noResponse = (cause: unknown): unknown => {
      if (signal?.aborted) return signal.reason;
      if (hasTimedOut) {
        return new MutasibankTimeoutError(`Mutasibank API ${where} did not answer within ${timeoutMs} ms`, {
          cause,
        });
      }
      const message = `Could not reach the Mutasibank API (${where}): ${describeCause(cause)}`;
      return new MutasibankConnectionError(message, { cause });
    };
    try {
      // Called unbound: a platform fetch invoked as a method of another object throws "Illegal invocation".
      const fetchFn = this.#config.fetch;
      let response: Response;
      try {
        response = await fetchFn(url, { ...init, signal: controller.signal });
      } catch (cause) {
        throw noResponse(cause);
      }
      let rawBody: string;
      try {
        rawBody = await readBodyText(response, this.#config.maxResponseBytes);
      } catch (cause) {
        if (cause instanceof BodyTooLargeError) {
          throw new MutasibankServerError(
            `Mutasibank API ${where} answered HTTP ${response.status} with a body over ${this.#config.maxResponseBytes} bytes`,
            { status: response.status, headers: response.headers, cause },
          );
        }
        throw noResponse(cause);
      }
      return interpret(response, rawBody, where, this.#config.retry.now());
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function interpret(response: Response, rawBody: string, where: string, nowMs: number): ApiResponse {
  let body: unknown;
  let isJson = true;
  if (response.status === 204) {
    body = {};
  } else {
    // Parsed whatever the Content-Type says: PHP deployments often send JSON as text/html.
    try {
      body = JSON.parse(rawBody);
    } catch {
      isJson = false;
    }
  }
  const facts = {
    status: response.status,
    headers: response.headers,
    rawBody,
    body,
    isJson,
    request: where,
    nowMs,
  };
  const error = errorFromResponse(facts);
  if (error) throw error;
  return { status: response.status, headers: response.headers, rawBody, body: body as JsonObject };
}
