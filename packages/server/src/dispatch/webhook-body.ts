/**
 * @module dispatch/webhook-body
 * The body of a webhook: the outbox keeps the payload without `api_key`, and the dispatcher puts the
 * owner's token in front at send time, so tokens are never copied into outbox rows.
 */

import type { WebhookMutation, WebhookPayload } from 'mutasibank';

// One definition of the body for sender and receiver: the SDK's, which its verifier checks.
export type { WebhookMutation, WebhookPayload };

/**
 * Serialises a payload for the outbox: the documented fields in the documented order, never
 * `api_key` or unknown fields (the token is added at send time by {@link renderWebhookBody}). The
 * ingest path calls this inside its transaction; the text is what every attempt sends.
 *
 * @example
 * serializeWebhookPayload({ account_id: 1, data_mutasi: [] }); // '{"account_id":1,"data_mutasi":[]}'
 */
export function serializeWebhookPayload(payload: WebhookPayload): string {
  // JSON.stringify leaves out the optional fields that are undefined.
  const ordered: WebhookPayload = {
    account_id: payload.account_id,
    module: payload.module,
    account_name: payload.account_name,
    account_number: payload.account_number,
    balance: payload.balance,
    data_mutasi: payload.data_mutasi.map((m) => ({
      id: m.id,
      transaction_date: m.transaction_date,
      description: m.description,
      type: m.type,
      amount: m.amount,
      balance: m.balance,
    })),
  };
  return JSON.stringify(ordered);
}

/**
 * The exact body to send: `payload` (a JSON object's text) with `"api_key"` as its first field when
 * `apiKey` is given, else `payload` unchanged. Pure text splicing, so the rest of the bytes are the
 * ones the outbox stored.
 *
 * @example
 * renderWebhookBody('{"account_id":1,"data_mutasi":[]}', 'test');
 * // '{"api_key":"test","account_id":1,"data_mutasi":[]}'
 */
export function renderWebhookBody(payload: string, apiKey?: string): string {
  if (!payload.startsWith('{') || !payload.endsWith('}')) {
    throw new TypeError('webhook payload must be the text of a JSON object');
  }
  if (apiKey === undefined) return payload;
  const rest = payload.slice(1).trimStart();
  return `{"api_key":${JSON.stringify(apiKey)}${rest === '}' ? '' : ','}${rest}`;
}
