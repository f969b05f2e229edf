/**
 * @module adapters/error-response
 * The one mapping from a verification failure to an HTTP answer, shared by every adapter: a status
 * and a JSON body `{ error: true, code, message }`, never a stack trace.
 */
import { WebhookVerificationError, type WebhookVerificationErrorCode } from '../errors.js';

/** Codes in an adapter's error body: verification codes, plus `internal_error` for the rest. */
export type WebhookErrorCode = WebhookVerificationErrorCode | 'internal_error';

/** The JSON body an adapter answers a refused or failed delivery with. */
export interface WebhookErrorBody {
  error: true;
  code: WebhookErrorCode;
  message: string;
}

/** The 200 body an adapter answers a verified event delivery with (`AdapterDelivery.ack`). */
export interface WebhookEventAck {
  error: false;
  event: string;
  /** Whether an `onEvent` callback processed it (false: acknowledged only). */
  processed: boolean;
}

/** Status and body for one failure. */
export interface WebhookErrorResponse {
  status: number;
  body: WebhookErrorBody;
}

/** Statuses other than 401; the sender retries on any non-2xx, so 500 means "fix me, then retry". */
const STATUS_BY_CODE: Partial<Record<WebhookVerificationErrorCode, number>> = {
  invalid_json: 400,
  invalid_payload: 400,
  payload_too_large: 413,
  invalid_secret: 500,
  payload_not_raw: 500,
};

/**
 * The answer to `error`: a {@link WebhookVerificationError} keeps its code and message (which never
 * hold secrets); anything else (a handler's bug, Redis down) becomes a generic 500 whose message
 * reveals nothing.
 *
 * @example
 * toErrorResponse(new WebhookVerificationError('invalid_signature', '...')).status; // 401
 */
export function toErrorResponse(error: unknown): WebhookErrorResponse {
  if (error instanceof WebhookVerificationError) {
    return {
      status: STATUS_BY_CODE[error.code] ?? 401,
      body: { error: true, code: error.code, message: error.message },
    };
  }
  return {
    status: 500,
    body: { error: true, code: 'internal_error', message: 'the webhook could not be processed' },
  };
}
