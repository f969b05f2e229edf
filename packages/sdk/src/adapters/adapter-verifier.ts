/**
 * @module adapters/adapter-verifier
 * What every adapter shares after it has the raw body and headers: options checked once at set-up
 * (a bad secret fails at start, not on the first delivery), one verify call, and releasing the
 * message id from the replay store when the handler did not succeed, so the sender's retry gets in.
 */
import type { CryptoProvider } from '../crypto/crypto-provider.js';
import type { WebhookEvent } from '../webhooks/event.js';
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
  const { clock, bodyLimitBytes: _limit, ...verifyOptions } = options;
  const now = clock ?? (() => new Date());
  const store = options.replayStore;
  return {
    bodyLimitBytes,
    verify: (payload, headers) =>
      verifyWebhookAsyncWith(provider, { ...verifyOptions, payload, headers, now: now() }),
    release: async (event) => {
      if (store !== undefined && event.webhookId !== undefined)
        await store.forget(webhookReplayKey(event.webhookId));
    },
  };
}
