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
export interface AdapterVerifier {
  readonly bodyLimitBytes: number;
  /** Verifies one delivery (rejects with `WebhookVerificationError`). */
  verify(payload: RawWebhookPayload, headers: WebhookHeaders): Promise<WebhookEvent>;
  /** Call when the handler failed: forgets the message id so a retry is not refused as a replay. */
  release(event: WebhookEvent): Promise<void>;
}

/** True for a 2xx status: the only answer the sender treats as delivered. */
/**
 * Raised by the verifier after an event delivery was verified and handed to `onEvent`, so every
 * adapter's single failure path (`toErrorResponse`) answers it with 200 without each adapter
 * learning a second kind of delivery.
 */
export class EventDeliveryHandled extends Error {
  override name = 'EventDeliveryHandled';
  constructor(
    readonly event: EventWebhook,
    readonly processed: boolean,
  ) {
    super('event delivery handled');
  }
}

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
    verify: async (payload, headers) => {
      const at = now();
      try {
        return await verifyWebhookAsyncWith(provider, { ...verifyOptions, payload, headers, now: at });
      } catch (error) {
        if (
          !(
            error instanceof WebhookVerificationError &&
            error.code === 'invalid_payload' &&
            looksLikeEvent(payload)
          )
        ) {
          throw error;
        }
      }
      // Signed, but an event envelope rather than a batch: verify it as one, hand it over, and
      // let the error-response mapping answer 200 (see EventDeliveryHandled).
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
      throw new EventDeliveryHandled(event, onEvent !== undefined);
    },
    release: async (event) => {
      if (store !== undefined && event.webhookId !== undefined)
        await store.forget(webhookReplayKey(event.webhookId));
    },
  };
}
