/**
 * @module webhooks/event
 * What a successful verification returns: the typed payload plus the view most handlers want
 * (direction, integer amount, a real `Date`), with `api_key` redacted whenever the event or its
 * payload is logged or serialised.
 */
import type { ParsedWebhookPayload, WebhookMutation, WebhookPayload } from './payload.js';

/** Which signature a delivery was verified with. */
export type WebhookSignatureScheme = 'mutasibank' | 'standard';

/** One mutation as a handler wants it. */
export interface WebhookMutationView {
  /** The mutation id: the key for idempotent processing (see `processOnce`). */
  readonly id: string;
  /** `credit` is money in (`CR`), `debit` money out (`DB`). */
  readonly direction: 'credit' | 'debit';
  /** Integer rupiah, never negative. */
  readonly amount: number;
  /** The booking time: `transaction_date` read as WIB (UTC+7), whatever the host's zone. */
  readonly transactedAt: Date;
  /** The bank's description, `''` when absent. */
  readonly description: string;
  /** Balance after the mutation, integer rupiah, when sent. */
  readonly balance: number | undefined;
  /** The mutation as sent (validated, amounts normalised). */
  readonly raw: WebhookMutation;
}

/** What replaces `api_key` in logs and JSON. */
export const REDACTED = '[redacted]';

const NODE_INSPECT = Symbol.for('nodejs.util.inspect.custom');
const DENO_INSPECT = Symbol.for('Deno.customInspect');

/** A shallow copy of the payload with `api_key` (when present) replaced by `[redacted]`. */
export function redactPayload(payload: WebhookPayload): WebhookPayload {
  return payload.api_key === undefined ? { ...payload } : { ...payload, api_key: REDACTED };
}

/**
 * Prototype of every verified payload: its `toJSON` and inspect hooks make `JSON.stringify(payload)`,
 * `console.log(payload)` and loggers built on either print `api_key` as `[redacted]`, while
 * property reads (`payload.api_key`) are unchanged. A shared prototype costs one object copy per
 * delivery; defining the hooks on each payload cost more than its HMAC.
 */
const REDACTING_PAYLOAD_PROTOTYPE: object = Object.create(Object.prototype, {
  toJSON: {
    value(this: WebhookPayload) {
      return redactPayload(this);
    },
  },
  [NODE_INSPECT]: {
    value(this: WebhookPayload) {
      return redactPayload(this);
    },
  },
  [DENO_INSPECT]: {
    value(this: WebhookPayload) {
      return redactPayload(this);
    },
  },
});

function hideApiKey(payload: WebhookPayload): WebhookPayload {
  return Object.assign(Object.create(REDACTING_PAYLOAD_PROTOTYPE) as WebhookPayload, payload);
}

/** Fields of a {@link WebhookEvent}, as the verifier fills them. */
export interface WebhookEventInit {
  parsed: ParsedWebhookPayload;
  webhookId: string | undefined;
  timestamp: number;
  scheme: WebhookSignatureScheme;
}

/** A verified webhook delivery. Logging it (console, JSON) shows `api_key` as `[redacted]`. */
export class WebhookEvent {
  /** The message id (`X-Mutasibank-Webhook-Id`, or `webhook-id`); retries keep it. */
  readonly webhookId: string | undefined;
  /** When the delivery was sent, Unix seconds, from the timestamp header. */
  readonly timestamp: number;
  /** Which signature was checked. Only `standard` covers the id and timestamp. */
  readonly scheme: WebhookSignatureScheme;
  /** The validated body, amounts as integer rupiah. */
  readonly payload: WebhookPayload;
  /** `payload.account_id`. */
  readonly accountId: number;
  /** `payload.data_mutasi` as {@link WebhookMutationView}s, in the order sent. */
  readonly mutations: readonly WebhookMutationView[];

  constructor(init: WebhookEventInit) {
    const { payload, transactedAt } = init.parsed;
    this.webhookId = init.webhookId;
    this.timestamp = init.timestamp;
    this.scheme = init.scheme;
    this.payload = hideApiKey(payload);
    this.accountId = payload.account_id;
    this.mutations = payload.data_mutasi.map((raw, index) => ({
      id: raw.id,
      direction: raw.type === 'CR' ? 'credit' : 'debit',
      amount: raw.amount,
      transactedAt: transactedAt[index] as Date,
      description: raw.description ?? '',
      balance: raw.balance,
      raw,
    }));
  }

  /** The event for `JSON.stringify`, with `api_key` redacted. */
  toJSON(): Record<string, unknown> {
    return {
      webhookId: this.webhookId,
      timestamp: this.timestamp,
      scheme: this.scheme,
      accountId: this.accountId,
      payload: redactPayload(this.payload),
    };
  }
}

// Inspect hooks are attached by symbol rather than declared as members so the emitted types stay
// free of runtime-specific symbols; Node and Bun read the first, Deno the second.
for (const key of [NODE_INSPECT, DENO_INSPECT]) {
  Object.defineProperty(WebhookEvent.prototype, key, {
    value(this: WebhookEvent) {
      return this.toJSON();
    },
    enumerable: false,
  });
}
