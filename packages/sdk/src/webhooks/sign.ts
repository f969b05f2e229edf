/**
 * @module webhooks/sign
 * Signing a delivery: the headers the service (and our server, the CLI's `trigger`, tests) send
 * with a webhook body. The compatible X-Mutasibank-* headers are always there; the Standard
 * Webhooks ones are added on request.
 */
import type { CryptoProvider, SyncCryptoProvider } from '../crypto/crypto-provider.js';
import type { WebhookSignatureScheme } from './event.js';
import { MUTASIBANK_HEADERS, STANDARD_WEBHOOK_HEADERS } from './headers.js';
import { type RawWebhookPayload, readRawPayload } from './raw-payload.js';
import { toSecretList, type WebhookSecret } from './secret.js';
import { formatSignatureHeader, standardSignedContent } from './signature.js';

/** The `User-Agent` of Mutasibank deliveries. */
export const WEBHOOK_USER_AGENT = 'Mutasibank-Webhook/1.0';

/** Options of `signWebhook` / `signWebhookAsync`. */
export interface SignWebhookOptions {
  /** The exact body that will be sent (the JSON text or its bytes); it is signed as is. */
  payload: RawWebhookPayload;
  /**
   * The webhook secret, or a list during rotation (new first, then old): each header then carries
   * one signature per secret, space-separated, so receivers holding either secret accept it.
   */
  secret: WebhookSecret;
  /** Send time: a `Date`, or Unix seconds. Default: now. A fresh one per attempt. */
  timestamp?: Date | number;
  /** The message id; keep it across retries of one message. Default: a random UUID. */
  webhookId?: string;
  /** Also emit `webhook-id`, `webhook-timestamp` and `webhook-signature` (Standard Webhooks). */
  standard?: boolean;
}

/** Headers of a signed delivery; the `webhook-*` ones are present only with `standard: true`. */
export type WebhookDeliveryHeaders = {
  'Content-Type': 'application/json';
  'User-Agent': typeof WEBHOOK_USER_AGENT;
  'X-Mutasibank-Signature': string;
  'X-Mutasibank-Timestamp': string;
  'X-Mutasibank-Webhook-Id': string;
} & Record<string, string>;

/** Upper bound for Unix seconds; a larger number is a millisecond timestamp passed by mistake. */
const MAX_PLAUSIBLE_SECONDS = 1e11;

interface SigningPlan {
  secrets: readonly string[];
  body: Uint8Array | string;
  timestamp: string;
  webhookId: string;
  standard: boolean;
}

function toUnixSeconds(timestamp: Date | number): number {
  const seconds = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp;
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new RangeError('timestamp must be a valid Date or whole Unix seconds >= 0');
  }
  if (seconds > MAX_PLAUSIBLE_SECONDS) {
    throw new RangeError('timestamp looks like milliseconds; pass Unix seconds or a Date');
  }
  return seconds;
}

function planSigning(provider: CryptoProvider, options: SignWebhookOptions, now: Date): SigningPlan {
  const webhookId = options.webhookId ?? provider.randomUUID();
  if (webhookId.trim() === '' || /[\s.]/.test(webhookId)) {
    // A dot would make the standard scheme's "id.timestamp.body" ambiguous; whitespace breaks headers.
    throw new RangeError('webhookId must be non-empty, without whitespace or dots (a UUID)');
  }
  return {
    secrets: toSecretList(options.secret),
    body: readRawPayload(options.payload),
    timestamp: String(toUnixSeconds(options.timestamp ?? now)),
    webhookId,
    standard: options.standard === true,
  };
}

function signedContent(plan: SigningPlan, scheme: WebhookSignatureScheme): Uint8Array | string {
  return scheme === 'standard' ? standardSignedContent(plan.webhookId, plan.timestamp, plan.body) : plan.body;
}

function buildHeaders(
  plan: SigningPlan,
  compatible: readonly Uint8Array[],
  standard: readonly Uint8Array[],
): WebhookDeliveryHeaders {
  const headers: WebhookDeliveryHeaders = {
    'Content-Type': 'application/json',
    'User-Agent': WEBHOOK_USER_AGENT,
    [MUTASIBANK_HEADERS.signature]: formatSignatureHeader('mutasibank', compatible),
    [MUTASIBANK_HEADERS.timestamp]: plan.timestamp,
    [MUTASIBANK_HEADERS.webhookId]: plan.webhookId,
  } as WebhookDeliveryHeaders;
  if (plan.standard) {
    headers[STANDARD_WEBHOOK_HEADERS.webhookId] = plan.webhookId;
    headers[STANDARD_WEBHOOK_HEADERS.timestamp] = plan.timestamp;
    headers[STANDARD_WEBHOOK_HEADERS.signature] = formatSignatureHeader('standard', standard);
  }
  return headers;
}

/**
 * Signs a delivery synchronously with a {@link SyncCryptoProvider}; the entry point's
 * `signWebhook` is this with `NodeCryptoProvider`. Throws `WebhookVerificationError`
 * (`invalid_secret`) for a bad secret and `RangeError` for a bad timestamp or id.
 */
export function signWebhookWith(
  provider: SyncCryptoProvider,
  options: SignWebhookOptions,
  now: Date,
): WebhookDeliveryHeaders {
  const plan = planSigning(provider, options, now);
  const sign = (scheme: WebhookSignatureScheme) =>
    plan.secrets.map((secret) => provider.computeHmacSha256(secret, signedContent(plan, scheme)));
  return buildHeaders(plan, sign('mutasibank'), plan.standard ? sign('standard') : []);
}

/** {@link signWebhookWith} on any {@link CryptoProvider} (Web Crypto included). */
export async function signWebhookAsyncWith(
  provider: CryptoProvider,
  options: SignWebhookOptions,
  now: Date,
): Promise<WebhookDeliveryHeaders> {
  const plan = planSigning(provider, options, now);
  const sign = (scheme: WebhookSignatureScheme) =>
    Promise.all(
      plan.secrets.map((secret) => provider.computeHmacSha256Async(secret, signedContent(plan, scheme))),
    );
  const [compatible, standard] = await Promise.all([
    sign('mutasibank'),
    plan.standard ? sign('standard') : [],
  ]);
  return buildHeaders(plan, compatible, standard);
}
