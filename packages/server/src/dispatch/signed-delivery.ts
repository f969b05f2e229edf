/**
 * @module dispatch/signed-delivery
 * One signed send: render the body, sign it with a fresh timestamp, POST it, report the result.
 * The dispatcher does this for every attempt; the `POST /webhook/{id}/test` route can call it
 * directly for a one-off sample message.
 */
import type { EpochMs } from './outbox-store.js';
import type { DeliveryResult, Sender } from './sender.js';
import { renderWebhookBody } from './webhook-body.js';

/** `User-Agent` of every delivery, as the API documents it. */
export const WEBHOOK_USER_AGENT = 'Mutasibank-Webhook/1.0';

/** What a signer gets for one attempt. */
export interface SignInput {
  /** The exact body bytes (as UTF-8 text) that will be sent. */
  body: string;
  /** Current secret first, then a previous one inside its rotation grace period. Never empty. */
  secrets: readonly string[];
  /** The message id, for `X-Mutasibank-Webhook-Id` (and `webhook-id`). */
  webhookId: string;
  /** Unix seconds, fresh for this attempt. */
  timestamp: number;
  /** Also produce the Standard-Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`). */
  standard: boolean;
}

/**
 * Produces the headers of one delivery: at least `X-Mutasibank-Signature` (one lowercase hex
 * HMAC-SHA256 of the body per secret, space-separated), `X-Mutasibank-Timestamp` and
 * `X-Mutasibank-Webhook-Id`; `Content-Type` and `User-Agent` are added when missing. The server passes
 * the SDK's `signWebhook` here.
 */
export type SignWebhook = (input: SignInput) => Record<string, string> | Promise<Record<string, string>>;

/** Where and what to send. */
export interface SignedMessage {
  url: string;
  webhookId: string;
  /** Outbox payload, without `api_key`. */
  payload: string;
  /** Put in the body as `api_key` when given. */
  apiKey?: string;
  secrets: readonly string[];
  standardSignature: boolean;
}

/** Options of {@link sendSignedMessage}. */
export interface SendSignedOptions {
  sender: Sender;
  sign: SignWebhook;
  /** Wall clock, epoch ms: the attempt's start and its signed timestamp. */
  nowMs: () => EpochMs;
  message: SignedMessage;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The result of one signed send and when it started. */
export interface SignedSendResult {
  startedAt: EpochMs;
  result: DeliveryResult;
}

/**
 * Signs and sends one message; never throws. A message without a secret, or a signer that throws,
 * gives an `internal` failure and nothing is sent: an unsigned webhook never leaves.
 *
 * @example
 * const { result } = await sendSignedMessage({
 *   sender, sign: signWebhook, nowMs: () => Date.now(),
 *   message: { url: webhook.url, webhookId: randomUUID(), payload, secrets: [secret], standardSignature: false },
 * });
 */
export async function sendSignedMessage(options: SendSignedOptions): Promise<SignedSendResult> {
  const { message } = options;
  const startedAt = options.nowMs();
  const failInternal = (error: string): SignedSendResult => ({
    startedAt,
    result: { outcome: 'failed', kind: 'internal', latencyMs: 0, error },
  });
  if (message.secrets.length === 0) return failInternal('no signing secret for this endpoint');
  let body: string;
  let signed: Record<string, string>;
  try {
    body = renderWebhookBody(message.payload, message.apiKey);
    signed = await options.sign({
      body,
      secrets: message.secrets,
      webhookId: message.webhookId,
      timestamp: Math.floor(startedAt / 1000),
      standard: message.standardSignature,
    });
  } catch {
    // The signer's message could echo key material; the log gets a fixed text.
    return failInternal('signing failed');
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
  };
  for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = value;
  const result = await options.sender.send({
    url: message.url,
    body,
    headers,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  return { startedAt, result };
}
