/**
 * @module webhooks/raw-payload
 * The raw body, or a clear refusal. The signature covers the exact bytes sent, so a body that a
 * JSON parser already turned into an object cannot be verified, and re-serialising it (the seed
 * Express handler's `JSON.stringify(req.body)` fallback) only works by luck.
 */
import { WebhookVerificationError } from '../errors.js';

/** The raw request body: text as received, or its bytes. */
export type RawWebhookPayload = string | Uint8Array | ArrayBuffer;

const HOW_TO_GET_RAW_BODY =
  'pass the raw request body (string or bytes), not parsed JSON. Express: use mutasibank/express, or ' +
  "express.raw({ type: 'application/json' }) on the route; Fastify: mutasibank/fastify; Hono: mutasibank/hono or " +
  'await c.req.arrayBuffer(); Next.js / Workers / Bun / Deno: await request.arrayBuffer(); node:http: read the stream';

/** The payload as text or bytes; throws `payload_not_raw` (with how to fix it) for anything else. */
export function readRawPayload(payload: unknown): Uint8Array | string {
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload;
  // The tag check also catches ArrayBuffers from another realm (a vm context, a worker).
  if (payload instanceof ArrayBuffer || Object.prototype.toString.call(payload) === '[object ArrayBuffer]') {
    return new Uint8Array(payload as ArrayBuffer);
  }
  const what = payload === null || payload === undefined ? String(payload) : `a ${typeof payload}`;
  throw new WebhookVerificationError('payload_not_raw', `the payload is ${what}: ${HOW_TO_GET_RAW_BODY}`);
}
