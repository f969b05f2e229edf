/**
 * @module mutasibank/web
 * The SDK for runtimes without `node:crypto` (Cloudflare Workers, browsers, Vercel Edge): the
 * shared entry plus async webhook verification and signing on Web Crypto. There is deliberately no
 * sync `verifyWebhook` here: Web Crypto cannot compute an HMAC synchronously. The `workerd`,
 * `worker`, `browser` and `edge-light` export conditions resolve here, as does `mutasibank/webcrypto`.
 */
import { WebCryptoProvider } from './crypto/web-crypto-provider.js';
import type { WebhookEvent } from './webhooks/event.js';
import { type EventWebhook, verifyEventWebhookAsyncWith } from './webhooks/event-webhook.js';
import {
  type SignWebhookOptions,
  signWebhookAsyncWith,
  type WebhookDeliveryHeaders,
} from './webhooks/sign.js';
import { type VerifyWebhookAsyncOptions, verifyWebhookAsyncWith } from './webhooks/verify.js';

export * from './index.js';

let webCrypto: WebCryptoProvider | undefined;

/** Created on first use, so merely importing the SDK never requires Web Crypto. */
function provider(): WebCryptoProvider {
  webCrypto ??= new WebCryptoProvider();
  return webCrypto;
}

/**
 * Verifies a Mutasibank webhook on Web Crypto and resolves to the {@link WebhookEvent}; rejects
 * with `WebhookVerificationError` (same codes as everywhere). With a `replayStore`, a replayed
 * message id is refused with `replayed`.
 *
 * @example
 * import { verifyWebhookAsync } from 'mutasibank';
 *
 * export default {
 *   async fetch(request: Request, env: { WEBHOOK_SECRET: string }) {
 *     const event = await verifyWebhookAsync({
 *       payload: await request.arrayBuffer(),
 *       headers: request.headers,
 *       secret: env.WEBHOOK_SECRET,
 *     });
 *     return Response.json({ received: event.mutations.length });
 *   },
 * };
 */
export function verifyWebhookAsync(options: VerifyWebhookAsyncOptions): Promise<WebhookEvent> {
  return verifyWebhookAsyncWith(provider(), options);
}

/**
 * The headers a delivery of `payload` carries, signed on Web Crypto; see the Node build's
 * `signWebhook` for the header list.
 *
 * @example
 * const headers = await signWebhookAsync({ payload: body, secret });
 */
export function signWebhookAsync(options: SignWebhookOptions): Promise<WebhookDeliveryHeaders> {
  return signWebhookAsyncWith(provider(), options, new Date());
}

/** Verifies an event delivery of `@mutasibank/server` on Web Crypto; see `verifyEventWebhook`. */
export function verifyEventWebhookAsync(options: VerifyWebhookAsyncOptions): Promise<EventWebhook> {
  return verifyEventWebhookAsyncWith(provider(), options);
}
