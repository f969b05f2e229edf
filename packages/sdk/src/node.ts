/**
 * @module mutasibank/node
 * The SDK for runtimes with `node:crypto` (Node, Bun, Deno): everything in the shared entry, plus
 * webhook verification and signing wired to {@link NodeCryptoProvider}, including the synchronous
 * `verifyWebhook` and `signWebhook`. The default export condition resolves here.
 */

import { NodeCryptoProvider } from './crypto/node-crypto-provider.js';
import type { WebhookEvent } from './webhooks/event.js';
import {
  type EventWebhook,
  verifyEventWebhookAsyncWith,
  verifyEventWebhookWith,
} from './webhooks/event-webhook.js';
import {
  type SignWebhookOptions,
  signWebhookAsyncWith,
  signWebhookWith,
  type WebhookDeliveryHeaders,
} from './webhooks/sign.js';
import {
  type VerifyWebhookAsyncOptions,
  type VerifyWebhookOptions,
  verifyWebhookAsyncWith,
  verifyWebhookWith,
} from './webhooks/verify.js';

export { NodeCryptoProvider } from './crypto/node-crypto-provider.js';
export * from './index.js';

const nodeCrypto = new NodeCryptoProvider();

/**
 * Verifies a Mutasibank webhook synchronously and returns the {@link WebhookEvent}; throws
 * `WebhookVerificationError` with a stable `code` otherwise. No replay guard here (it needs an
 * async store): use {@link verifyWebhookAsync} with a `replayStore` for that.
 *
 * @example
 * import { verifyWebhook } from 'mutasibank';
 *
 * const event = verifyWebhook({ payload: rawBody, headers: req.headers, secret: process.env.WEBHOOK_SECRET! });
 * for (const m of event.mutations) if (m.direction === 'credit') console.log(m.amount, m.transactedAt);
 */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookEvent {
  return verifyWebhookWith(nodeCrypto, options);
}

/**
 * Verifies a Mutasibank webhook like {@link verifyWebhook}, and refuses a replayed message id when
 * given a `replayStore`. Same checks and codes on every runtime (Web Crypto in the web build).
 *
 * @example
 * import { MemoryReplayStore, verifyWebhookAsync } from 'mutasibank';
 *
 * const replayStore = new MemoryReplayStore();
 * const event = await verifyWebhookAsync({ payload: rawBody, headers, secret, replayStore });
 */
export function verifyWebhookAsync(options: VerifyWebhookAsyncOptions): Promise<WebhookEvent> {
  return verifyWebhookAsyncWith(nodeCrypto, options);
}

/**
 * The headers a delivery of `payload` carries (X-Mutasibank-Signature, -Timestamp, -Webhook-Id,
 * Content-Type, User-Agent; plus webhook-id/-timestamp/-signature with `standard: true`). Send
 * exactly `payload` as the body.
 *
 * @example
 * import { signWebhook } from 'mutasibank';
 *
 * const body = JSON.stringify({ api_key: 'test', account_id: 1, data_mutasi: [] });
 * const headers = signWebhook({ payload: body, secret: process.env.WEBHOOK_SECRET! });
 * await fetch(url, { method: 'POST', headers, body });
 */
export function signWebhook(options: SignWebhookOptions): WebhookDeliveryHeaders {
  return signWebhookWith(nodeCrypto, options, new Date());
}

/** {@link signWebhook}, asynchronously: the form available in every build. */
export function signWebhookAsync(options: SignWebhookOptions): Promise<WebhookDeliveryHeaders> {
  return signWebhookAsyncWith(nodeCrypto, options, new Date());
}

/**
 * Verifies an event delivery of `@mutasibank/server` (`invoice.paid`, `invoice.review`,
 * `invoice.expired`): the same checks and codes as {@link verifyWebhook}, for the event envelope.
 *
 * @example
 * const e = verifyEventWebhook({ payload: rawBody, headers: req.headers, secret });
 * if (e.event === 'invoice.paid') markOrderPaid((e.data as InvoiceEventData).reference);
 */
export function verifyEventWebhook(options: VerifyWebhookOptions): EventWebhook {
  return verifyEventWebhookWith(nodeCrypto, options);
}

/** {@link verifyEventWebhook} with the optional replay guard (`replayStore`). */
export function verifyEventWebhookAsync(options: VerifyWebhookAsyncOptions): Promise<EventWebhook> {
  return verifyEventWebhookAsyncWith(nodeCrypto, options);
}
