/**
 * @module mutasibank/fastify
 * A Fastify plugin that adds one webhook route with its own content-type parser, so the route sees
 * the raw bytes while every other route keeps Fastify's JSON parsing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NodeCryptoProvider } from '../../crypto/node-crypto-provider.js';
import type { WebhookEvent } from '../../webhooks/event.js';
import { createAdapterVerifier, isSuccessStatus, type WebhookAdapterOptions } from '../adapter-verifier.js';
import { toErrorResponse } from '../error-response.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified Mutasibank webhook on the plugin's route (null elsewhere). */
    mutasibankWebhook: WebhookEvent | null;
  }
}

/** Options of {@link mutasibankWebhook}. */
export interface FastifyWebhookOptions extends WebhookAdapterOptions {
  /** The route's path, under the prefix the plugin is registered with. Default `/`. */
  path?: string;
  /**
   * Handles a verified delivery. Its return value is the response body (like a Fastify handler);
   * returning nothing answers `{ success: true }`. A throw or a non-2xx answer releases the id.
   */
  handler: (event: WebhookEvent, request: FastifyRequest, reply: FastifyReply) => unknown;
}

/**
 * Registers `POST <prefix><path>` that verifies each delivery and calls `handler` with the
 * {@link WebhookEvent} (also on `request.mutasibankWebhook`). Refusals are answered with 401 (400
 * for a malformed body) and `{ error: true, code, message }`. Encapsulated: its raw-body parser
 * applies to this route only.
 *
 * @example
 * import Fastify from 'fastify';
 * import { mutasibankWebhook } from 'mutasibank/fastify';
 *
 * const app = Fastify();
 * await app.register(mutasibankWebhook, {
 *   prefix: '/webhook/mutasibank',
 *   secret: process.env.WEBHOOK_SECRET!,
 *   handler: async (event) => ({ received: event.mutations.length }),
 * });
 */
export async function mutasibankWebhook(
  fastify: FastifyInstance,
  options: FastifyWebhookOptions,
): Promise<void> {
  const verifier = createAdapterVerifier(new NodeCryptoProvider(), options);
  fastify.removeAllContentTypeParsers();
  // application/json is what deliveries carry (an exact match is Fastify's fast path); '*' keeps
  // any other or missing Content-Type raw too, so it fails on its signature rather than with a 415.
  for (const contentType of ['application/json', '*']) {
    fastify.addContentTypeParser(
      contentType,
      { parseAs: 'buffer', bodyLimit: verifier.bodyLimitBytes },
      (_req, body, done) => done(null, body),
    );
  }
  fastify.decorateRequest('mutasibankWebhook', null);
  fastify.addHook('onResponse', async (request, reply) => {
    const event = request.mutasibankWebhook;
    if (event !== null && !isSuccessStatus(reply.statusCode)) await verifier.release(event).catch(() => {});
  });
  fastify.post(options.path ?? '/', {
    // Fastify refuses an oversized body itself (FST_ERR_CTP_BODY_TOO_LARGE) before preHandler runs.
    errorHandler: (error, _request, reply) => {
      if ((error as { statusCode?: number }).statusCode === 413) {
        return reply.code(413).send({
          error: true,
          code: 'payload_too_large',
          message: `the webhook body is larger than ${verifier.bodyLimitBytes} bytes`,
        });
      }
      const { status, body } = toErrorResponse(error);
      return reply.code(status).send(body);
    },
    preHandler: async (request, reply) => {
      try {
        // No body at all (no Content-Type) leaves request.body undefined: verify the empty string.
        const delivery = await verifier.verifyDelivery(
          (request.body as Buffer | undefined) ?? '',
          request.headers,
        );
        if (delivery.kind === 'event') return reply.code(200).send(delivery.ack);
        request.mutasibankWebhook = delivery.event;
      } catch (error) {
        const { status, body } = toErrorResponse(error);
        return reply.code(status).send(body);
      }
    },
    handler: async (request, reply) => {
      const result = await options.handler(request.mutasibankWebhook as WebhookEvent, request, reply);
      if (result === undefined && !reply.sent) return { success: true };
      return result;
    },
  });
}

// What fastify-plugin would set, without the dependency: a name in errors and in `printPlugins`.
// Deliberately no `skip-override`: the plugin stays encapsulated, so its parser stays on its route.
Object.defineProperty(mutasibankWebhook, Symbol.for('fastify.display-name'), { value: 'mutasibank-webhook' });
