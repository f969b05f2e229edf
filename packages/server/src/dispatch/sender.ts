/**
 * @module dispatch/sender
 * POSTs one signed webhook message and reports what happened as data. {@link UndiciSender} keeps
 * connections alive per origin, bounds the whole exchange with one deadline, never follows
 * redirects, reads only a small snippet of the answer, and (outside dev mode) connects only to
 * public addresses through the SSRF guard.
 */
import { Agent, request } from 'undici';
import { checkWebhookUrl, createGuardedLookup, type HostResolver } from './ssrf-guard.js';

/** Default deadline of one delivery attempt: connect, headers and body together. */
export const DEFAULT_SEND_TIMEOUT_MS = 15_000;
/** Bytes of the receiver's answer kept for the attempt log. */
export const RESPONSE_SNIPPET_BYTES = 1024;
/** Bytes of an answer read and discarded to keep the connection reusable; past this it is closed. */
export const RESPONSE_DRAIN_LIMIT_BYTES = 64 * 1024;

/** What an attempt came to: `gone` is a `410 Gone`, which disables the endpoint. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'gone';

/**
 * How an attempt ended. `http`: the receiver answered (any status but a redirect); `redirect`: a 3xx,
 * never followed; `timeout`: the deadline passed; `dns`: the name did not resolve; `refused`: nothing
 * listens; `connect`: reset, unreachable or another socket error; `tls`: handshake or certificate;
 * `blocked`: the SSRF guard refused the URL or its addresses; `aborted`: the dispatcher is stopping;
 * `internal`: our side failed before sending (signing).
 */
export type DeliveryKind =
  | 'http'
  | 'redirect'
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'connect'
  | 'tls'
  | 'blocked'
  | 'aborted'
  | 'internal';

/** The record of one attempt; a sender returns it and never throws. */
export interface DeliveryResult {
  outcome: DeliveryOutcome;
  kind: DeliveryKind;
  /** HTTP status, when the receiver answered. */
  statusCode?: number;
  /** From the start of the attempt to the end of the answer (or the failure). */
  latencyMs: number;
  /** Short message for the owner; never contains secrets, headers or the body. */
  error?: string;
  /** First {@link RESPONSE_SNIPPET_BYTES} bytes of the answer's body, as UTF-8. */
  responseSnippet?: string;
  /** Wait asked for by `Retry-After` on a 429 or 503, in seconds (bounded later by the schedule). */
  retryAfterSeconds?: number;
}

/** One message to POST. `headers` are sent as given (signature, timestamp, id, type, agent). */
export interface SendRequest {
  url: string;
  body: string;
  headers: Readonly<Record<string, string>>;
  /** Overrides the sender's default deadline. */
  timeoutMs?: number;
  /** Aborts the attempt (the result then has kind `aborted`). */
  signal?: AbortSignal;
}

/** The seam the dispatcher sends through; tests may pass another implementation. */
export interface Sender {
  send(request: SendRequest): Promise<DeliveryResult>;
  /** Closes pooled connections (optional: test senders hold none). */
  close?(): Promise<void>;
}

/** Options of {@link UndiciSender}. */
export interface UndiciSenderOptions {
  /** Dev mode: `http:` and loopback/private addresses allowed, no guarded lookup. */
  dev: boolean;
  /** Wall clock, epoch ms: turns an HTTP-date `Retry-After` into seconds. */
  nowMs: () => number;
  /** Resolver behind the guarded lookup (tests); defaults to the system resolver. */
  resolve?: HostResolver;
  /** Defaults to {@link DEFAULT_SEND_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Defaults to {@link RESPONSE_SNIPPET_BYTES}. */
  responseSnippetBytes?: number;
  /** Idle keep-alive sockets are closed after this long (undici also honours the server's hint). */
  keepAliveTimeoutMs?: number;
  /** Connection cap per origin; the dispatcher's per-endpoint cap normally binds first. */
  connectionsPerOrigin?: number;
  /** Monotonic clock for latency, in ms; defaults to `performance.now`. */
  monotonicMs?: () => number;
}

/**
 * Sends webhook messages over one undici `Agent`, chosen over `node:http` agents because one Agent
 * pools keep-alive connections for http and https origins alike, takes a custom `connect.lookup` (the
 * SSRF guard), never follows redirects, and lets one `AbortSignal` bound connect, headers and body.
 *
 * @example
 * const sender = new UndiciSender({ dev: false, nowMs: () => Date.now() });
 * const result = await sender.send({ url, body, headers });
 * if (result.outcome !== 'delivered') console.log(result.kind, result.error);
 * await sender.close();
 */
export class UndiciSender implements Sender {
  readonly #agent: Agent;
  readonly #dev: boolean;
  readonly #nowMs: () => number;
  readonly #monotonicMs: () => number;
  readonly #timeoutMs: number;
  readonly #snippetBytes: number;

  constructor(options: UndiciSenderOptions) {
    this.#dev = options.dev;
    this.#nowMs = options.nowMs;
    this.#monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    this.#snippetBytes = options.responseSnippetBytes ?? RESPONSE_SNIPPET_BYTES;
    // Dev mode connects anywhere, through the system lookup.
    const lookup = options.dev ? undefined : createGuardedLookup({ resolve: options.resolve });
    this.#agent = new Agent({
      connect: { timeout: this.#timeoutMs, lookup },
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
      keepAliveMaxTimeout: 60_000,
      connections: options.connectionsPerOrigin ?? null,
    });
  }

  /** Sends one message; resolves with a {@link DeliveryResult} in every case. */
  async send(input: SendRequest): Promise<DeliveryResult> {
    const startedAt = this.#monotonicMs();
    const latency = () => Math.max(0, Math.round(this.#monotonicMs() - startedAt));
    // Checked on every send, not only at creation: IP literals never reach the guarded lookup.
    const check = checkWebhookUrl(input.url, { dev: this.#dev });
    if (!check.ok) return { outcome: 'failed', kind: 'blocked', latencyMs: latency(), error: check.message };

    const timeoutMs = input.timeoutMs ?? this.#timeoutMs;
    // One controller for both the deadline and the caller's signal (AbortSignal.any is slow on Node 20).
    const abort = new AbortController();
    const { signal } = abort;
    const timer = setTimeout(() => abort.abort(TIMED_OUT), timeoutMs);
    const onCallerAbort = () => abort.abort(CALLER_ABORTED);
    if (input.signal?.aborted) onCallerAbort();
    input.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await request(check.url, {
        dispatcher: this.#agent,
        method: 'POST',
        headers: input.headers,
        body: input.body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const snippet = await readSnippet(response.body, this.#snippetBytes);
      const status = response.statusCode;
      const result: DeliveryResult = {
        outcome: 'failed',
        kind: 'http',
        statusCode: status,
        latencyMs: latency(),
      };
      if (snippet !== '') result.responseSnippet = snippet;
      if (status >= 200 && status < 300) return { ...result, outcome: 'delivered' };
      if (status === 410)
        return { ...result, outcome: 'gone', error: 'HTTP 410 Gone: the receiver asked to stop' };
      if (status >= 300 && status < 400) {
        return { ...result, kind: 'redirect', error: redirectMessage(status, response.headers.location) };
      }
      result.error = `HTTP ${status}`;
      if (status === 429 || status === 503) {
        const seconds = parseRetryAfter(response.headers['retry-after'], this.#nowMs());
        if (seconds !== undefined) result.retryAfterSeconds = seconds;
      }
      return result;
    } catch (error) {
      if (signal.reason === TIMED_OUT) {
        return {
          outcome: 'failed',
          kind: 'timeout',
          latencyMs: latency(),
          error: `timed out after ${timeoutMs} ms`,
        };
      }
      if (signal.reason === CALLER_ABORTED) {
        return {
          outcome: 'failed',
          kind: 'aborted',
          latencyMs: latency(),
          error: 'aborted: dispatcher stopping',
        };
      }
      return { outcome: 'failed', latencyMs: latency(), ...describeNetworkError(error) };
    } finally {
      clearTimeout(timer);
      input.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** Closes pooled connections; in-flight sends finish first. */
  async close(): Promise<void> {
    await this.#agent.close();
  }
}

const TIMED_OUT = new Error('webhook delivery timed out');
const CALLER_ABORTED = new Error('webhook delivery aborted by the caller');

type BodyStream = AsyncIterable<Uint8Array> & { destroy(): void };

// Keeps the first bytes, drains the rest up to a limit so the socket can be reused, and drops the
// connection (by ending the iteration) when the receiver sends more than that.
async function readSnippet(body: BodyStream, snippetBytes: number): Promise<string> {
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  let seenBytes = 0;
  for await (const chunk of body) {
    if (keptBytes < snippetBytes) {
      const part = chunk.subarray(0, snippetBytes - keptBytes);
      kept.push(part);
      keptBytes += part.byteLength;
    }
    seenBytes += chunk.byteLength;
    if (seenBytes > RESPONSE_DRAIN_LIMIT_BYTES) break;
  }
  // stream: true holds back a multi-byte character cut at the cap instead of printing U+FFFD.
  return new TextDecoder('utf-8').decode(Buffer.concat(kept), { stream: true });
}

function redirectMessage(status: number, location: string | string[] | undefined): string {
  const target = Array.isArray(location) ? location[0] : location;
  const hint = target === undefined ? '' : ` to ${target.slice(0, 200)}`;
  return `HTTP ${status} redirect${hint} not followed: register the final URL of the receiver`;
}

/**
 * Seconds asked for by a `Retry-After` value: delta-seconds or an HTTP-date (relative to `nowMs`).
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const TLS_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
]);

// Messages come from the error code only: the raw message can name internal addresses.
function describeNetworkError(error: unknown): { kind: DeliveryKind; error: string } {
  const code = errorCode(error);
  if (code === 'ERR_WEBHOOK_ADDRESS_BLOCKED' && error instanceof Error) {
    return { kind: 'blocked', error: `blocked: ${error.message}` };
  }
  if (code === undefined) return { kind: 'connect', error: 'network error' };
  if (code === 'ECONNREFUSED') return { kind: 'refused', error: 'connection refused' };
  if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', error: `timed out (${code})` };
  if (DNS_CODES.has(code)) return { kind: 'dns', error: `DNS lookup failed (${code})` };
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return { kind: 'tls', error: `TLS failed (${code})` };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return { kind: 'connect', error: 'connection reset' };
  return { kind: 'connect', error: `connection failed (${code})` };
}

function errorCode(error: unknown): string | undefined {
  const codes: string[] = [];
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 3; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  // undici wraps socket failures as UND_ERR_SOCKET; a cause's code says more.
  return codes.find((code) => code !== 'UND_ERR_SOCKET') ?? codes[0];
}
