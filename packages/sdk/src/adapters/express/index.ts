/**
 * @module mutasibank/express
 * Express (4 and 5) middleware that verifies Mutasibank webhooks. It reads the raw body itself, so
 * mount it before any global `express.json()`; if that order is impossible, give `express.json`
 * {@link keepRawBody} as its `verify` option and the middleware uses the bytes it kept.
 */
/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeCryptoProvider } from '../../crypto/node-crypto-provider.js';
import type { WebhookEvent } from '../../webhooks/event.js';
import type { RawWebhookPayload } from '../../webhooks/raw-payload.js';
import { createAdapterVerifier, isSuccessStatus, type WebhookAdapterOptions } from '../adapter-verifier.js';
import { toErrorResponse } from '../error-response.js';
import { readNodeBody } from '../node-body.js';

declare global {
  // Express's own typings merge into this namespace; the middleware adds the verified event.
  namespace Express {
    interface Request {
      /** The verified Mutasibank webhook, set by `mutasibankWebhook()`. */
      mutasibankWebhook?: WebhookEvent;
      /** Raw body bytes kept by {@link keepRawBody} (`express.json({ verify: keepRawBody })`). */
      rawBody?: Buffer;
    }
  }
}

/** The request as the middleware sees it: Node's, plus what Express and body parsers add. */
type ExpressLikeRequest = IncomingMessage & {
  body?: unknown;
  rawBody?: unknown;
  mutasibankWebhook?: WebhookEvent;
};

/** Options of {@link mutasibankWebhook}. */
export type ExpressWebhookOptions = WebhookAdapterOptions;

/** An Express-compatible middleware `(req, res, next)`. */
export type ExpressWebhookMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

const CONSUMED_HINT =
  'a body parser (express.json()?): mount the webhook route before app.use(express.json()), or use ' +
  'express.json({ verify: keepRawBody }) from mutasibank/express';

/**
 * For `express.json({ verify: keepRawBody })`: keeps the raw bytes on `req.rawBody` so the
 * webhook middleware can verify a request that `express.json()` has already parsed.
 */
export function keepRawBody(req: IncomingMessage, _res: ServerResponse, buffer: Buffer): void {
  (req as ExpressLikeRequest).rawBody = buffer;
}

function rawBodyOf(req: ExpressLikeRequest): RawWebhookPayload | undefined {
  if (req.rawBody instanceof Uint8Array || typeof req.rawBody === 'string') return req.rawBody;
  // express.raw() leaves a Buffer, express.text() a string: both are the raw body.
  if (req.body instanceof Uint8Array || typeof req.body === 'string') return req.body;
  return undefined;
}

/**
 * Verifies the delivery, then sets `req.mutasibankWebhook` (the {@link WebhookEvent}) and
 * `req.body` (the validated payload) and calls `next()`. A refused delivery is answered here with
 * 401 (400 for a malformed body) and `{ error: true, code, message }`. When the handler answers
 * non-2xx, the message id is released from the replay store so the retry is accepted.
 *
 * @example
 * import express from 'express';
 * import { mutasibankWebhook } from 'mutasibank/express';
 *
 * const app = express();
 * app.post('/webhook/mutasibank', mutasibankWebhook({ secret: process.env.WEBHOOK_SECRET! }), (req, res) => {
 *   for (const mutation of req.mutasibankWebhook!.mutations) console.log(mutation.direction, mutation.amount);
 *   res.json({ success: true });
 * });
 * app.use(express.json()); // other routes: after the webhook route
 */
export function mutasibankWebhook(options: ExpressWebhookOptions): ExpressWebhookMiddleware {
  const verifier = createAdapterVerifier(new NodeCryptoProvider(), options);
  return (req, res, next) => {
    const request = req as ExpressLikeRequest;
    const kept = rawBodyOf(request);
    const body =
      kept === undefined ? readNodeBody(req, verifier.bodyLimitBytes, CONSUMED_HINT) : Promise.resolve(kept);
    body
      .then((payload) => verifier.verifyDelivery(payload, req.headers))
      .then(
        (delivery) => {
          if (delivery.kind === 'event') {
            res.statusCode = 200;
            res.setHeader('Content-Type', 'application/json; charset=utf-8');
            res.end(JSON.stringify(delivery.ack));
            return;
          }
          const { event } = delivery;
          request.mutasibankWebhook = event;
          request.body = event.payload;
          res.once('close', () => {
            if (!(res.writableFinished && isSuccessStatus(res.statusCode)))
              void verifier.release(event).catch(() => {});
          });
          next();
        },
        (error: unknown) => {
          const { status, body: errorBody } = toErrorResponse(error);
          res.statusCode = status;
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.end(JSON.stringify(errorBody));
        },
      );
  };
}
