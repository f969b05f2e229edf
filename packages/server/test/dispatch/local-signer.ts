/**
 * @module test/dispatch/local-signer
 * A tiny HMAC-SHA256 signer for the dispatch tests and bench, so they do not depend on the SDK's
 * `signWebhook` (written in parallel). Same wire format: one lowercase hex HMAC of the raw body per
 * secret, space-separated; Standard-Webhooks headers when asked.
 */
import { createHmac } from 'node:crypto';
import type { SignWebhook } from '../../src/dispatch/signed-delivery.js';

/** Lowercase hex HMAC-SHA256 of `body` keyed with `secret`, as a receiver computes it. */
export function hmacHex(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** Signs like the API documents; see the module comment. */
export const localSign: SignWebhook = ({ body, secrets, webhookId, timestamp, standard }) => {
  const headers: Record<string, string> = {
    'X-Mutasibank-Signature': secrets.map((secret) => hmacHex(secret, body)).join(' '),
    'X-Mutasibank-Timestamp': String(timestamp),
    'X-Mutasibank-Webhook-Id': webhookId,
    'Content-Type': 'application/json',
    'User-Agent': 'Mutasibank-Webhook/1.0',
  };
  if (standard) {
    const signed = `${webhookId}.${timestamp}.${body}`;
    headers['webhook-id'] = webhookId;
    headers['webhook-timestamp'] = String(timestamp);
    headers['webhook-signature'] = secrets
      .map((secret) => `v1,${createHmac('sha256', secret).update(signed, 'utf8').digest('base64')}`)
      .join(' ');
  }
  return headers;
};
