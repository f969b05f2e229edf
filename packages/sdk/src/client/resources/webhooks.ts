/**
 * @module client/resources/webhooks
 * Webhook endpoints the service POSTs new mutations to. The signing secret is returned once, by
 * `createWebhook`; listing and reading hide it.
 */
import {
  checkBoolean,
  checkHttpUrl,
  checkId,
  checkOptionalString,
  checkUpdateFields,
  type Id,
} from '../arguments.js';
import { apiPath } from '../encode.js';
import type { ApiSender, RequestOptions } from '../request.js';
import { type JsonObject, ResponseShapeError, readObject, readObjects } from '../response-fields.js';
import { type MessageResult, readMessageResult } from './message.js';

/** A webhook endpoint (secret hidden). */
export interface Webhook {
  id: Id;
  url: string;
  /** The account whose new mutations are sent. */
  bank_account_id: Id;
  description: string | null;
  /** PHP services send `1`/`0` or booleans. */
  is_active: boolean | number;
  /** `YYYY-MM-DD HH:mm:ss` WIB. */
  created_at: string;
  [field: string]: unknown;
}

/** The answer of `createWebhook`: the webhook with its signing `secret`, shown this once. */
export interface CreatedWebhook extends Webhook {
  /** HMAC-SHA256 key of `X-Mutasibank-Signature` (64 characters). Store it now. */
  secret: string;
}

/** Fields of `updateWebhook`; at least one. */
export interface UpdateWebhookInput {
  url?: string;
  bank_account_id?: Id;
  description?: string;
  is_active?: boolean;
}

function readCreatedWebhook(body: JsonObject): CreatedWebhook {
  const webhook = readObject(body.data, 'data');
  // Without the secret the webhook cannot be verified and the secret cannot be read again.
  if (typeof webhook.secret !== 'string' || webhook.secret === '') {
    throw new ResponseShapeError('data.secret is missing: the service did not return the signing secret');
  }
  return webhook as CreatedWebhook;
}

/** `GET /webhooks`; see `MutasibankClient.getWebhooks`. */
export async function getWebhooks(api: ApiSender, options?: RequestOptions): Promise<Webhook[]> {
  return api.send(
    { method: 'GET', path: '/webhooks' },
    (body) => readObjects(body.data, 'data') as Webhook[],
    options,
  );
}

/** `GET /webhook/{id}`; see `MutasibankClient.getWebhook`. */
export async function getWebhook(api: ApiSender, id: Id, options?: RequestOptions): Promise<Webhook> {
  const path = apiPath`/webhook/${checkId(id, 'id')}`;
  return api.send({ method: 'GET', path }, (body) => readObject(body.data, 'data') as Webhook, options);
}

/** `POST /webhook` (JSON `url`, `bank_account_id`, `description`); see `MutasibankClient.createWebhook`. */
export async function createWebhook(
  api: ApiSender,
  url: string,
  accountId: Id,
  description?: string,
  options?: RequestOptions,
): Promise<CreatedWebhook> {
  checkId(accountId, 'accountId');
  const json = {
    url: checkHttpUrl(url, 'url'),
    bank_account_id: accountId,
    description: checkOptionalString(description, 'description'),
  };
  return api.send({ method: 'POST', path: '/webhook', json }, readCreatedWebhook, options);
}

/** `PUT /webhook/{id}` (JSON); see `MutasibankClient.updateWebhook`. */
export async function updateWebhook(
  api: ApiSender,
  id: Id,
  data: UpdateWebhookInput,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/webhook/${checkId(id, 'id')}`;
  const fields = checkUpdateFields(data, 'data');
  if (fields.url !== undefined) checkHttpUrl(fields.url, 'url');
  if (fields.bank_account_id !== undefined) checkId(fields.bank_account_id, 'bank_account_id');
  checkOptionalString(fields.description, 'description');
  if (fields.is_active !== undefined) checkBoolean(fields.is_active, 'is_active');
  return api.send({ method: 'PUT', path, json: fields }, readMessageResult, options);
}

/** `DELETE /webhook/{id}`; see `MutasibankClient.deleteWebhook`. */
export async function deleteWebhook(
  api: ApiSender,
  id: Id,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/webhook/${checkId(id, 'id')}`;
  return api.send({ method: 'DELETE', path }, readMessageResult, options);
}
