/**
 * @module client/error-from-response
 * The one place that decides whether a response is a failure and which error class it maps to
 * (stripe's `generateV1Error`). Request path and tests both rely on this table:
 *
 * | response | error |
 * |---|---|
 * | 401, 403 | MutasibankAuthenticationError |
 * | 404 | MutasibankNotFoundError |
 * | 429 | MutasibankRateLimitError, `retryAfter` from Retry-After |
 * | 400, 409, 422, any other 4xx; a 2xx JSON body with `error: true` | MutasibankInvalidRequestError |
 * | 5xx, 1xx/3xx, a 2xx body that is not a JSON object | MutasibankServerError |
 *
 * A body that is not JSON (an HTML page from a proxy) keeps its status's class; its message
 * quotes the first 200 characters instead of surfacing a JSON parse error.
 */
import {
  MutasibankAuthenticationError,
  type MutasibankError,
  type MutasibankErrorOptions,
  MutasibankInvalidRequestError,
  MutasibankNotFoundError,
  MutasibankRateLimitError,
  MutasibankServerError,
} from '../errors.js';
import { isJsonObject } from './response-fields.js';
import { parseRetryAfterMs } from './retry.js';

/** What arrived, as the request path read it. */
export interface ResponseFacts {
  status: number;
  headers: Headers;
  /** The body as text. */
  rawBody: string;
  /** The parsed body; `undefined` when {@link isJson} is false. */
  body: unknown;
  /** Whether `rawBody` parsed as JSON. */
  isJson: boolean;
  /** `METHOD /path` of the request, for the message. */
  request: string;
  /** Current time in Unix ms, to read a Retry-After date. */
  nowMs: number;
}

const SNIPPET_CHARS = 200;

/** The service's own message: `message`, or `error_message` which some deployments send instead. */
function serviceMessageOf(body: unknown): string | undefined {
  if (!isJsonObject(body)) return undefined;
  for (const key of ['message', 'error_message']) {
    const value = body[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

function snippetOf(rawBody: string): string {
  const flat = rawBody.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}...` : flat;
}

function classFor(status: number): typeof MutasibankError {
  if (status === 401 || status === 403) return MutasibankAuthenticationError;
  if (status === 404) return MutasibankNotFoundError;
  if (status === 429) return MutasibankRateLimitError;
  if (status >= 400 && status < 500) return MutasibankInvalidRequestError;
  return MutasibankServerError;
}

function describeBody(facts: ResponseFacts, serviceMessage: string | undefined): string {
  if (serviceMessage !== undefined) return serviceMessage;
  if (facts.rawBody.trim() === '') return 'empty body';
  if (!facts.isJson) {
    const type = facts.headers.get('content-type');
    return `body is not JSON${type ? ` (${type})` : ''}: ${JSON.stringify(snippetOf(facts.rawBody))}`;
  }
  return isJsonObject(facts.body) ? 'no message' : `body is not a JSON object: ${snippetOf(facts.rawBody)}`;
}

/**
 * Maps a response to the error it stands for, or returns `undefined` when it is a success: a 2xx
 * whose body is a JSON object without `error: true`.
 */
export function errorFromResponse(facts: ResponseFacts): MutasibankError | undefined {
  const { status } = facts;
  const isSuccessStatus = status >= 200 && status < 300;
  const isObject = facts.isJson && isJsonObject(facts.body);
  const saysError = isObject && (facts.body as Record<string, unknown>).error === true;
  if (isSuccessStatus && isObject && !saysError) return undefined;

  const serviceMessage = serviceMessageOf(facts.body);
  const ErrorClass = isSuccessStatus
    ? saysError
      ? MutasibankInvalidRequestError
      : MutasibankServerError
    : classFor(status);
  const message = `Mutasibank API ${facts.request} failed with HTTP ${status}: ${describeBody(facts, serviceMessage)}`;
  const options: MutasibankErrorOptions = {
    status,
    serviceMessage,
    rawBody: facts.rawBody,
    body: facts.body,
    headers: facts.headers,
  };
  if (ErrorClass === MutasibankRateLimitError) {
    const retryAfterMs = parseRetryAfterMs(facts.headers.get('retry-after'), facts.nowMs);
    const retryAfter = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
    return new MutasibankRateLimitError(message, { ...options, retryAfter });
  }
  return new ErrorClass(message, options);
}
