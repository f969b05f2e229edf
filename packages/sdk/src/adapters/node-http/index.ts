/**
 * @module mutasibank/node-http
 * A plain `node:http` request listener that verifies Mutasibank webhooks: for servers without a
 * framework, and for frameworks that hand out the bare `IncomingMessage`.
 */
/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeCryptoProvider } from '../../crypto/node-crypto-provider.js';
import type { WebhookEvent } from '../../webhooks/event.js';
import { createAdapterVerifier, isSuccessStatus, type WebhookAdapterOptions } from '../adapter-verifier.js';
import { toErrorResponse } from '../error-response.js';
import { readNodeBody } from '../node-body.js';

/** Options of {@link createWebhookHandler}. */
export type NodeHttpWebhookOptions = WebhookAdapterOptions;

/** A `node:http` request listener. */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * A request listener that reads the raw body (within `bodyLimitBytes`), verifies it and calls
 * `handler`. Refusals get 401 (400 for a malformed body) with `{ error: true, code, message }`; a
 * handler that throws gets a 500 without details; a handler that does not answer gets 200
 * `{ success: true }`. A non-2xx answer releases the message id from the replay store.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { createWebhookHandler } from 'mutasibank/node-http';
 *
 * createServer(
 *   createWebhookHandler({ secret: process.env.WEBHOOK_SECRET! }, async (event) => {
 *     await recordPayments(event.mutations);
 *   }),
 * ).listen(3000);
 */
export function createWebhookHandler(
  options: NodeHttpWebhookOptions,
  handler: (event: WebhookEvent, req: IncomingMessage, res: ServerResponse) => unknown,
): NodeRequestListener {
  const verifier = createAdapterVerifier(new NodeCryptoProvider(), options);
  const consumedHint = 'another listener: give the webhook handler the untouched request';
  return (req, res) => {
    void (async () => {
      let event: WebhookEvent;
      try {
        const delivery = await verifier.verifyDelivery(
          await readNodeBody(req, verifier.bodyLimitBytes, consumedHint),
          req.headers,
        );
        if (delivery.kind === 'event') {
          sendJson(res, 200, delivery.ack);
          return;
        }
        event = delivery.event;
      } catch (error) {
        const { status, body } = toErrorResponse(error);
        sendJson(res, status, body);
        return;
      }
      res.once('close', () => {
        if (!(res.writableFinished && isSuccessStatus(res.statusCode)))
          void verifier.release(event).catch(() => {});
      });
      try {
        await handler(event, req, res);
        if (!res.writableEnded) sendJson(res, res.headersSent ? res.statusCode : 200, { success: true });
      } catch (error) {
        const { status, body } = toErrorResponse(error);
        sendJson(res, status, body);
      }
    })();
  };
}
