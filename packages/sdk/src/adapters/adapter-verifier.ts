/**
 * @module adapters/adapter-verifier
 * What every adapter shares after it has the raw body and headers: options checked once at set-up
 * (a bad secret fails at start, not on the first delivery), one verify call, and releasing the
 * message id from the replay store when the handler did not succeed, so the sender's retry gets in.
 */
import type { CryptoProvider } from '../crypto/crypto-provider.js';
import { WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from '../webhooks/event.js';
import {
  type EventWebhook,
  isEventWebhookBody,
  verifyEventWebhookAsyncWith,
} from '../webhooks/event-webhook.js';
import type { WebhookHeaders } from '../webhooks/headers.js';
import type { RawWebhookPayload } from '../webhooks/raw-payload.js';
import { toSecretList } from '../webhooks/secret.js';
import {
  type VerifyWebhookAsyncOptions,
  verifyWebhookAsyncWith,
  webhookReplayKey,
} from '../webhooks/verify.js';
import type { WebhookEventAck } from './error-response.js';

/** Default most bytes an adapter reads from a webhook body: 1 MiB (deliveries are a few KB). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Options every adapter takes: the verifier's, with a clock instead of a fixed `now`. */
export interface WebhookAdapterOptions
  extends Omit<VerifyWebhookAsyncOptions, 'payload' | 'headers' | 'now'> {
  /**
   * Called with a verified event delivery (`invoice.paid`, ... from `@mutasibank/server`), which the
   * adapter then answers 200 itself; mutation batches still go to your handler. Without it, events
   * are verified and acknowledged with 200 (so the sender does not retry them) and not processed.
   * A throw answers 500, and the sender retries.
   */
  onEvent?: (event: EventWebhook) => void | Promise<void>;
  /** The current time for each delivery. Default `() => new Date()`. */
  clock?: () => Date;
  /** Bodies larger than this are refused with 413 `payload_too_large`. Default 1 MiB. */
  bodyLimitBytes?: number;
}

/** A configured verifier, as adapters use it. */
/**
 * What an adapter does with one verified delivery: hand a batch to the route's handler, or answer
 * an event delivery (already given to `onEvent`) with `ack`, a 200.
 */
export type AdapterDelivery =
  | { kind: 'batch'; event: WebhookEvent }
  | { kind: 'event'; event: EventWebhook; ack: WebhookEventAck };

export interface AdapterVerifier {
  readonly bodyLimitBytes: number;
  /** Verifies one mutation batch (rejects with `WebhookVerificationError`, `invalid_payload` for an event). */
  verify(payload: RawWebhookPayload, headers: WebhookHeaders): Promise<WebhookEvent>;
  /**
   * Verifies one delivery of either shape; an event is passed to `onEvent` before this resolves
   * (a throwing `onEvent` rejects, with the message id released for the retry).
   */
  verifyDelivery(payload: RawWebhookPayload, headers: WebhookHeaders): Promise<AdapterDelivery>;
  /** Call when the handler failed: forgets the message id so a retry is not refused as a replay. */
  release(event: WebhookEvent): Promise<void>;
}

/** True for a 2xx status: the only answer the sender treats as delivered. */
const utf8 = new TextDecoder();

function looksLikeEvent(payload: RawWebhookPayload): boolean {
  try {
    const text =
      typeof payload === 'string'
        ? payload
        : utf8.decode(payload instanceof ArrayBuffer ? new Uint8Array(payload) : payload);
    return isEventWebhookBody(JSON.parse(text));
  } catch {
    return false;
  }
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Checks `options` now (throws `invalid_secret` at set-up) and binds them to `provider`. */
export function createAdapterVerifier(
  provider: CryptoProvider,
  options: WebhookAdapterOptions,
): AdapterVerifier {
  toSecretList(options.secret);
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isSafeInteger(bodyLimitBytes) || bodyLimitBytes < 1) {
    throw new RangeError('bodyLimitBytes must be a positive integer');
  }
  const { clock, bodyLimitBytes: _limit, onEvent, ...verifyOptions } = options;
  const now = clock ?? (() => new Date());
  const store = options.replayStore;
  return {
    bodyLimitBytes,
    verify: (payload, headers) =>
      verifyWebhookAsyncWith(provider, { ...verifyOptions, payload, headers, now: now() }),
    verifyDelivery: async (payload, headers) => {
      const at = now();
      try {
        const event = await verifyWebhookAsyncWith(provider, { ...verifyOptions, payload, headers, now: at });
        return { kind: 'batch', event };
      } catch (error) {
        // Batches are the common case, so the body is looked at as an event only once it failed as one.
        const isEvent =
          error instanceof WebhookVerificationError &&
          error.code === 'invalid_payload' &&
          looksLikeEvent(payload);
        if (!isEvent) throw error;
      }
      const event = await verifyEventWebhookAsyncWith(provider, {
        ...verifyOptions,
        payload,
        headers,
        now: at,
      });
      try {
        await onEvent?.(event);
      } catch (error) {
        if (store !== undefined && event.webhookId !== undefined)
          await store.forget(webhookReplayKey(event.webhookId));
        throw error;
      }
      return {
        kind: 'event',
        event,
        ack: { error: false, event: event.event, processed: onEvent !== undefined },
      };
    },
    release: async (event) => {
      if (store !== undefined && event.webhookId !== undefined)
        await store.forget(webhookReplayKey(event.webhookId));
    },
  };
}
