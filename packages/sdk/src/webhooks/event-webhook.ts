/**
 * @module webhooks/event-webhook
 * Verifying event deliveries (`invoice.paid`, `invoice.review`, `invoice.expired`) that
 * `@mutasibank/server` sends to the same endpoints as mutation batches, signed the same way, in
 * an envelope: `{ api_key?, event, id, created_at, account_id, data }`. The checks are exactly
 * those of `verifyWebhook` (headers, timestamp, signature, api key, replay); only the body's shape
 * differs, so a receiver tells the two apart with {@link isEventWebhookBody} or by route.
 */
import type { CryptoProvider, SyncCryptoProvider } from '../crypto/crypto-provider.js';
import { WebhookVerificationError } from '../errors.js';
import type { WebhookSignatureScheme } from './event.js';
import {
  checkApiKey,
  checkSignatureAndDecode,
  guardReplay,
  planVerification,
  type VerifyWebhookAsyncOptions,
  type VerifyWebhookOptions,
} from './verify.js';

/** The invoice an `invoice.*` event carries as `data` (times WIB, money integer rupiah). */
export interface InvoiceEventData {
  id: number;
  account_id: number;
  amount: number;
  unique_code: number;
  /** What the customer had to transfer. */
  total: number;
  reference: string;
  description: string | null;
  status: 'open' | 'review' | 'paid' | 'paid_late' | 'expired' | 'cancelled';
  created_at: string;
  valid_from: string;
  expires_at: string;
  paid_mutation_id: string | null;
  paid_at: string | null;
  review_reason: string | null;
  review_mutation_id: string | null;
  [field: string]: unknown;
}

/** A verified event delivery. */
export interface EventWebhook {
  /** The message id (`X-Mutasibank-Webhook-Id`); retries keep it. */
  readonly webhookId: string | undefined;
  /** When it was sent, Unix seconds. */
  readonly timestamp: number;
  readonly scheme: WebhookSignatureScheme;
  /** `invoice.paid`, `invoice.review`, `invoice.expired`, ... */
  readonly event: string;
  /** The event's own id (stable across retries; use it for idempotency). */
  readonly eventId: string;
  /** When the event happened, WIB `YYYY-MM-DD HH:mm:ss`. */
  readonly createdAt: string;
  readonly accountId: number;
  /** The event's object; for `invoice.*`, an {@link InvoiceEventData}. */
  readonly data: unknown;
}

/** True when a parsed body is an event envelope rather than a mutation batch. */
export function isEventWebhookBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { event?: unknown }).event === 'string';
}

function invalid(message: string): never {
  throw new WebhookVerificationError('invalid_payload', `not an event delivery: ${message}`);
}

function parseEnvelope(text: string): {
  envelope: Omit<EventWebhook, 'webhookId' | 'timestamp' | 'scheme'>;
  apiKey: string | undefined;
} {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new WebhookVerificationError('invalid_json', 'the body is signed correctly but is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    invalid('the body is not a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.event !== 'string' || b.event === '') invalid('"event" must be a non-empty string');
  if (typeof b.id !== 'string' || b.id === '') invalid('"id" must be a non-empty string');
  if (typeof b.created_at !== 'string') invalid('"created_at" must be a string');
  if (typeof b.account_id !== 'number' || !Number.isSafeInteger(b.account_id))
    invalid('"account_id" must be an integer');
  if (b.api_key !== undefined && typeof b.api_key !== 'string') invalid('"api_key" must be a string');
  if (!('data' in b)) invalid('"data" is missing');
  return {
    envelope: {
      event: b.event,
      eventId: b.id,
      createdAt: b.created_at,
      accountId: b.account_id,
      data: b.data,
    },
    apiKey: b.api_key as string | undefined,
  };
}

function finish(
  plan: ReturnType<typeof planVerification>,
  digests: readonly Uint8Array[],
  options: VerifyWebhookOptions | VerifyWebhookAsyncOptions,
): EventWebhook {
  const { envelope, apiKey } = parseEnvelope(checkSignatureAndDecode(plan, digests));
  checkApiKey(options.apiKey, apiKey);
  // api_key is checked and dropped: the event never holds the owner's token.
  return { webhookId: plan.webhookId, timestamp: plan.timestamp, scheme: plan.scheme, ...envelope };
}

/** Verifies an event delivery synchronously; the same checks and codes as `verifyWebhook`. */
export function verifyEventWebhookWith(
  provider: SyncCryptoProvider,
  options: VerifyWebhookOptions,
): EventWebhook {
  if ((options as { replayStore?: unknown }).replayStore !== undefined) {
    throw new TypeError('replayStore needs the async verifier: use verifyEventWebhookAsync');
  }
  const plan = planVerification(options);
  return finish(
    plan,
    plan.secrets.map((secret) => provider.computeHmacSha256(secret, plan.signedContent)),
    options,
  );
}

/** Verifies an event delivery with any provider, with the optional replay guard. */
export async function verifyEventWebhookAsyncWith(
  provider: CryptoProvider,
  options: VerifyWebhookAsyncOptions,
): Promise<EventWebhook> {
  const plan = planVerification(options);
  const digests = await Promise.all(
    plan.secrets.map((secret) => provider.computeHmacSha256Async(secret, plan.signedContent)),
  );
  const event = finish(plan, digests, options);
  await guardReplay(options, event.webhookId);
  return event;
}
