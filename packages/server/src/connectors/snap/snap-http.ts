/**
 * @module connectors/snap/snap-http
 * One SNAP HTTP call: POST a JSON body with a time limit that also honours the run's AbortSignal,
 * cap the answer's size, and read it as JSON. Transport failures become `bank_unavailable`; an
 * abort from the caller is rethrown as the caller's own reason so the scheduler recognises it.
 */
import { ConnectorError } from '../connector.js';

/** The subset of `fetch` the client needs; pass `undici`'s or a test double. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

/** What one call needs. */
export interface SnapCall {
  fetch: FetchLike;
  bankName: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** The answer: HTTP status and the parsed JSON object. */
export interface SnapAnswer {
  status: number;
  json: Record<string, unknown>;
}

/** Largest answer read; a statement page is far smaller. */
export const MAX_ANSWER_CHARS = 8 * 1024 * 1024;

/**
 * Posts one SNAP request.
 *
 * @example
 * const { status, json } = await postSnapJson({ fetch, bankName: 'BCA', url, headers, body, timeoutMs: 30_000, signal });
 */
export async function postSnapJson(call: SnapCall): Promise<SnapAnswer> {
  call.signal.throwIfAborted();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(call.signal.reason);
  call.signal.addEventListener('abort', onAbort, { once: true });
  let isTimedOut = false;
  const timer = setTimeout(() => {
    isTimedOut = true;
    controller.abort(new Error('timeout'));
  }, call.timeoutMs);
  try {
    let text: string;
    let status: number;
    try {
      const response = await call.fetch(call.url, {
        method: 'POST',
        headers: call.headers,
        body: call.body,
        signal: controller.signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (call.signal.aborted) throw call.signal.reason;
      if (isTimedOut) {
        throw new ConnectorError(
          'bank_unavailable',
          `${call.bankName} did not answer within ${call.timeoutMs} ms`,
          {
            cause: error,
          },
        );
      }
      const reason = error instanceof Error ? (errorCode(error) ?? error.message) : String(error);
      throw new ConnectorError('bank_unavailable', `could not reach ${call.bankName} (${reason})`, {
        cause: error,
      });
    }
    if (text.length > MAX_ANSWER_CHARS) {
      throw new ConnectorError(
        'bad_response',
        `${call.bankName} sent an answer larger than ${MAX_ANSWER_CHARS} characters`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      if (status >= 500) {
        throw new ConnectorError(
          'bank_unavailable',
          `${call.bankName} answered HTTP ${status} without a SNAP response`,
        );
      }
      throw new ConnectorError(
        'bad_response',
        `${call.bankName} answered HTTP ${status} with something that is not SNAP JSON`,
      );
    }
    return { status, json: json as Record<string, unknown> };
  } finally {
    clearTimeout(timer);
    call.signal.removeEventListener('abort', onAbort);
  }
}

function errorCode(error: Error): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
