/**
 * @module mutasibank/hono
 * Hono middleware that verifies Mutasibank webhooks in any runtime Hono runs on, with Web Crypto
 * by default. Put it on the webhook route; it needs the body before anything parses it as JSON.
 */
import type { MiddlewareHandler } from 'hono';
import { WebhookVerificationError } from '../../errors.js';
import type { WebhookEvent } from '../../webhooks/event.js';
import { isSuccessStatus } from '../adapter-verifier.js';
import { createWebVerifier, errorResponseOf, readRequestBody, type WebWebhookOptions } from '../web/index.js';

/** Options of {@link mutasibankWebhook}. */
export type HonoWebhookOptions = WebWebhookOptions;

/** The context variables the middleware sets: `c.get('mutasibankWebhook')`. */
export interface MutasibankWebhookVariables {
  mutasibankWebhook: WebhookEvent;
}

/** Hono caches bodies it has read; only a raw form of the cache still holds the signed bytes. */
interface HonoBodyCache {
  arrayBuffer?: Promise<ArrayBuffer>;
  text?: Promise<string>;
  json?: unknown;
}

async function rawBodyOf(request: { raw: Request; bodyCache: HonoBodyCache }, limitBytes: number) {
  const cache = request.bodyCache;
  if (cache.arrayBuffer !== undefined) return cache.arrayBuffer;
  if (cache.text !== undefined) return cache.text;
  if (request.raw.bodyUsed) {
    // c.req.json() ran first: Hono would hand back re-serialised JSON, which cannot verify.
    throw new WebhookVerificationError(
      'payload_not_raw',
      'the body was parsed before the webhook middleware (c.req.json()?); put mutasibankWebhook() first on the route',
    );
  }
  const bytes = await readRequestBody(request.raw, limitBytes);
  // Later c.req.json()/text() calls in the handler read from this cache instead of the used stream.
  cache.arrayBuffer = Promise.resolve(bytes.buffer as ArrayBuffer);
  return bytes;
}

/**
 * Verifies the delivery and sets `c.get('mutasibankWebhook')`; refusals are answered with 401
 * (400 for a malformed body) and `{ error: true, code, message }`. When the route answers non-2xx
 * (or throws), the message id is released from the replay store so the retry is accepted.
 *
 * @example
 * import { Hono } from 'hono';
 * import { mutasibankWebhook } from 'mutasibank/hono';
 *
 * const app = new Hono();
 * app.post('/webhook/mutasibank', mutasibankWebhook({ secret: env.WEBHOOK_SECRET }), (c) =>
 *   c.json({ received: c.get('mutasibankWebhook').mutations.length }),
 * );
 */
export function mutasibankWebhook(
  options: HonoWebhookOptions,
): MiddlewareHandler<{ Variables: MutasibankWebhookVariables }> {
  const verifier = createWebVerifier(options);
  return async (c, next) => {
    let event: WebhookEvent;
    try {
      const payload = await rawBodyOf(
        c.req as unknown as { raw: Request; bodyCache: HonoBodyCache },
        verifier.bodyLimitBytes,
      );
      const delivery = await verifier.verifyDelivery(payload, c.req.raw.headers);
      if (delivery.kind === 'event') return Response.json(delivery.ack);
      event = delivery.event;
    } catch (error) {
      return errorResponseOf(error);
    }
    c.set('mutasibankWebhook', event);
    try {
      await next();
    } catch (error) {
      await verifier.release(event).catch(() => {});
      throw error;
    }
    if (!isSuccessStatus(c.res.status) || c.error !== undefined)
      await verifier.release(event).catch(() => {});
  };
}
