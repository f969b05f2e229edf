/**
 * @module errors
 * Every error the SDK throws. Client errors are rooted at {@link MutasibankError}; webhook
 * verification failures are {@link WebhookVerificationError} with a stable `code`.
 */

/** Options shared by every {@link MutasibankError}. */
export interface MutasibankErrorOptions {
  /** HTTP status of the response, when there was one. */
  status?: number | undefined;
  /** The service's own `message` (or `error_message`), when it sent one. */
  serviceMessage?: string | undefined;
  /** The raw response body as text, when there was one (never includes request secrets). */
  rawBody?: string | undefined;
  /** Parsed JSON body, when the body was JSON. */
  body?: unknown;
  /** Response headers, when there was a response. */
  headers?: Headers | undefined;
  /** The underlying error (network failure, abort reason). */
  cause?: unknown;
}

/**
 * Root of every error the API client throws. Catch this to handle all of them; catch a subclass
 * to handle one kind. `status` is the HTTP status (undefined for connection errors and timeouts).
 */
export class MutasibankError extends Error {
  override name = 'MutasibankError';
  /** HTTP status of the response; undefined when no response arrived. */
  readonly status: number | undefined;
  /** The service's `message`, when it sent one. */
  readonly serviceMessage: string | undefined;
  /** Raw response body text, when there was a response. */
  readonly rawBody: string | undefined;
  /** Parsed JSON body, when the body was JSON. */
  readonly body: unknown;
  /** Response headers, when there was a response. */
  readonly headers: Headers | undefined;

  constructor(message: string, options: MutasibankErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.serviceMessage = options.serviceMessage;
    this.rawBody = options.rawBody;
    this.body = options.body;
    this.headers = options.headers;
  }
}

/** Raised on HTTP 401/403: the API token is missing, wrong or revoked. Not retried. */
export class MutasibankAuthenticationError extends MutasibankError {
  override name = 'MutasibankAuthenticationError';
}

/** Raised on HTTP 404: the id does not exist or belongs to another user. Not retried. */
export class MutasibankNotFoundError extends MutasibankError {
  override name = 'MutasibankNotFoundError';
}

/**
 * Raised on HTTP 400/409/422 and on a 2xx body that says `error: true`; also raised by the client
 * itself, before any request is sent, for arguments that can never be valid (a negative amount, a
 * malformed date). `status` is undefined in that last case. Not retried.
 */
export class MutasibankInvalidRequestError extends MutasibankError {
  override name = 'MutasibankInvalidRequestError';
}

/** Raised on HTTP 429. `retryAfter` is the server's Retry-After in seconds, when it sent one. */
export class MutasibankRateLimitError extends MutasibankError {
  override name = 'MutasibankRateLimitError';
  /** Seconds the service asked us to wait (from Retry-After), when it said. */
  readonly retryAfter: number | undefined;

  constructor(message: string, options: MutasibankErrorOptions & { retryAfter?: number | undefined } = {}) {
    super(message, options);
    this.retryAfter = options.retryAfter;
  }
}

/** Raised on HTTP 5xx, and on a response that is not JSON (an HTML page from a proxy). */
export class MutasibankServerError extends MutasibankError {
  override name = 'MutasibankServerError';
}

/** Raised when no response arrived: DNS failure, refused or reset connection. */
export class MutasibankConnectionError extends MutasibankError {
  override name = 'MutasibankConnectionError';
}

/** Raised when the request did not complete within `timeoutMs`. */
export class MutasibankTimeoutError extends MutasibankError {
  override name = 'MutasibankTimeoutError';
}

/**
 * Stable codes of {@link WebhookVerificationError}. Adapters answer 400 for `invalid_json` and
 * `invalid_payload`, 413 for `payload_too_large`, 500 for the receiver's own misconfiguration
 * (`invalid_secret`, `payload_not_raw`), and 401 for the rest. `missing_webhook_id` is raised only
 * when an id is needed: the Standard Webhooks signature signs it, and the replay guard keys on it.
 */
export type WebhookVerificationErrorCode =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'missing_webhook_id'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_signature'
  | 'invalid_secret'
  | 'invalid_json'
  | 'invalid_payload'
  | 'api_key_mismatch'
  | 'replayed'
  | 'payload_not_raw'
  | 'payload_too_large';

/**
 * Thrown by webhook verification. The message says what to fix; it never contains the secret,
 * the api key, or the payload (which carries `api_key`).
 */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
  /** A stable, machine-readable reason; see {@link WebhookVerificationErrorCode}. */
  readonly code: WebhookVerificationErrorCode;

  constructor(code: WebhookVerificationErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
