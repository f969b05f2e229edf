/**
 * @module mutasibank/web
 * A Web-standard webhook handler, `(request: Request) => Promise<Response>`: Next.js App Router
 * route handlers, Bun.serve, Deno.serve, Cloudflare Workers. Verifies on Web Crypto by default.
 */
import type { CryptoProvider } from '../../crypto/crypto-provider.js';
import { WebCryptoProvider } from '../../crypto/web-crypto-provider.js';
import { WebhookVerificationError } from '../../errors.js';
import type { WebhookEvent } from '../../webhooks/event.js';
import {
  type AdapterVerifier,
  createAdapterVerifier,
  isSuccessStatus,
  type WebhookAdapterOptions,
} from '../adapter-verifier.js';
import { toErrorResponse, type WebhookErrorResponse } from '../error-response.js';

/** Options of the Web-standard adapters. */
export interface WebWebhookOptions extends WebhookAdapterOptions {
  /** HMAC implementation; default Web Crypto (`globalThis.crypto.subtle`). */
  cryptoProvider?: CryptoProvider;
}

/** Turns an error into the JSON `Response` every adapter answers with. */
export function errorResponseOf(error: unknown): Response {
  const { status, body }: WebhookErrorResponse = toErrorResponse(error);
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/** A verifier for Web-standard requests, with the options checked now. */
export function createWebVerifier(options: WebWebhookOptions): AdapterVerifier {
  const { cryptoProvider, ...rest } = options;
  return createAdapterVerifier(cryptoProvider ?? new WebCryptoProvider(), rest);
}

/**
 * Reads the body of `request` as bytes within `limitBytes`: refuses with `payload_too_large` from
 * Content-Length before reading, or while streaming, and with `payload_not_raw` when the body was
 * already consumed (`request.json()` ran first).
 */
export async function readRequestBody(request: Request, limitBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new WebhookVerificationError('payload_too_large', `the webhook body is larger than ${limitBytes} bytes`);
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'payload_not_raw',
      'the request body was already read (request.json()?); verify before parsing, or pass request.clone()',
    );
  }
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (received > limitBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Verifies a `Request` and resolves to its {@link WebhookEvent}; rejects with
 * `WebhookVerificationError`. For frameworks that want to answer errors themselves.
 *
 * @example
 * const verifier = createWebVerifier({ secret: env.WEBHOOK_SECRET });
 * const event = await verifyWebhookRequest(verifier, request);
 */
export async function verifyWebhookRequest(
  verifier: AdapterVerifier,
  request: Request,
): Promise<WebhookEvent> {
  return verifier.verify(await readRequestBody(request, verifier.bodyLimitBytes), request.headers);
}

/**
 * A `(request) => Promise<Response>` that verifies each delivery and hands it to `handler`.
 * Refusals get 401 (400 for a malformed body) with `{ error: true, code, message }`; a handler that
 * throws gets a 500 without details. When the answer is not 2xx the message id is released from the
 * replay store, so the retry is accepted. `handler` may return nothing: `{ success: true }`.
 *
 * @example
 * // app/api/webhook/mutasibank/route.ts (Next.js App Router)
 * import { createWebhookHandler } from 'mutasibank/web';
 * export const POST = createWebhookHandler({ secret: process.env.WEBHOOK_SECRET! }, async (event) => {
 *   await recordPayments(event.mutations);
 * });
 */
export function createWebhookHandler(
  options: WebWebhookOptions,
  handler: (event: WebhookEvent, request: Request) => Response | undefined | Promise<Response | undefined>,
): (request: Request) => Promise<Response> {
  const verifier = createWebVerifier(options);
  return async (request) => {
    let event: WebhookEvent;
    try {
      const delivery = await verifier.verifyDelivery(
        await readRequestBody(request, verifier.bodyLimitBytes),
        request.headers,
      );
      if (delivery.kind === 'event') return Response.json(delivery.ack);
      event = delivery.event;
    } catch (error) {
      return errorResponseOf(error);
    }
    let response: Response;
    try {
      response = (await handler(event, request)) ?? Response.json({ success: true });
    } catch (error) {
      response = errorResponseOf(error);
    }
    if (!isSuccessStatus(response.status)) await verifier.release(event).catch(() => {});
    return response;
  };
}
