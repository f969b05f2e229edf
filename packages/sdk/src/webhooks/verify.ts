/**
 * @module webhooks/verify
 * Webhook verification on any {@link CryptoProvider}: the checks, in order, shared by the sync
 * verifier (`node:crypto`) and the async one (Web Crypto, or anything), so both give the same
 * codes. The runtime entry points (`node.ts`, `web.ts`) only choose the provider.
 *
 * Order: raw payload, secret(s), signature and timestamp headers present, timestamp window,
 * signature, JSON, payload shape, api key, then (async only) the replay guard. The guard runs last
 * so a forged request can never burn a real message id.
 */
import type { CryptoProvider, SyncCryptoProvider } from '../crypto/crypto-provider.js';
import { timingSafeEqual } from '../crypto/timing-safe-equal.js';
import { WebhookVerificationError } from '../errors.js';
import { WebhookEvent, type WebhookSignatureScheme } from './event.js';
import { MUTASIBANK_HEADERS, readHeader, STANDARD_WEBHOOK_HEADERS, type WebhookHeaders } from './headers.js';
import { parseWebhookPayload } from './payload.js';
import { type RawWebhookPayload, readRawPayload } from './raw-payload.js';
import type { ReplayStore } from './replay/replay-store.js';
import { toSecretList, type WebhookSecret } from './secret.js';
import { matchesAnyDigest, parseSignatureHeader, standardSignedContent } from './signature.js';
import { checkTimestampWindow, DEFAULT_TOLERANCE_SECONDS, parseTimestampHeader } from './timestamp.js';

/** Options of the sync verifier, `verifyWebhook`. */
export interface VerifyWebhookOptions {
  /** The raw request body, exactly as received: string, Uint8Array/Buffer or ArrayBuffer. */
  payload: RawWebhookPayload;
  /** Request headers: a `Headers`, Node's `req.headers`, or a plain record in any case. */
  headers: WebhookHeaders;
  /** The webhook secret (64 characters), or a list during rotation: any of them may match. */
  secret: WebhookSecret;
  /**
   * Most seconds the timestamp may differ from `now`, either way. Default 300. `0` disables the
   * time check entirely, which is unsafe: a captured delivery would then verify forever.
   */
  toleranceSeconds?: number;
  /** When set, `api_key` in the body must equal it (constant-time), else `api_key_mismatch`. */
  apiKey?: string;
  /** The time to check the timestamp against: when the delivery was received. Default: now. */
  now?: Date;
  /**
   * Require and check the Standard Webhooks signature (`webhook-id`, `webhook-timestamp`,
   * `webhook-signature`), which covers the id and timestamp too, instead of X-Mutasibank-*.
   */
  requireStandardSignature?: boolean;
  /** The replay guard needs an async store: use `verifyWebhookAsync`. */
  replayStore?: never;
}

/** Options of the async verifier, `verifyWebhookAsync`: the sync ones plus the replay guard. */
export interface VerifyWebhookAsyncOptions extends Omit<VerifyWebhookOptions, 'replayStore'> {
  /** Refuse a message id already seen (code `replayed`); share one store across processes. */
  replayStore?: ReplayStore;
  /** How long ids are remembered. Default twice the tolerance (600 s), or 24 h when it is 0. */
  replayTtlSeconds?: number;
}

/** The checks done before any HMAC: what to sign, against which secrets, with which headers. */
export interface VerificationPlan {
  scheme: WebhookSignatureScheme;
  secrets: readonly string[];
  signedContent: Uint8Array | string;
  candidates: string[];
  body: Uint8Array | string;
  webhookId: string | undefined;
  timestamp: number;
}

function requireHeader(
  headers: WebhookHeaders,
  name: string,
  code: 'missing_signature' | 'missing_timestamp' | 'missing_webhook_id',
): string {
  const value = readHeader(headers, name);
  if (value === undefined || value.trim() === '') {
    throw new WebhookVerificationError(
      code,
      `the ${name} header is missing or empty; is this a Mutasibank webhook?`,
    );
  }
  return value;
}

/** @internal Shared by the mutation-batch and event verifiers. */
export function planVerification(
  options: VerifyWebhookOptions | VerifyWebhookAsyncOptions,
): VerificationPlan {
  const body = readRawPayload(options.payload);
  const secrets = toSecretList(options.secret);
  const { headers } = options;
  const scheme: WebhookSignatureScheme =
    options.requireStandardSignature === true ? 'standard' : 'mutasibank';
  const names = scheme === 'standard' ? STANDARD_WEBHOOK_HEADERS : MUTASIBANK_HEADERS;
  const signature = requireHeader(headers, names.signature, 'missing_signature');
  const timestampText = requireHeader(headers, names.timestamp, 'missing_timestamp');
  const webhookId =
    scheme === 'standard'
      ? requireHeader(headers, names.webhookId, 'missing_webhook_id').trim()
      : readHeader(headers, names.webhookId)?.trim() || undefined;
  const timestamp = parseTimestampHeader(timestampText, names.timestamp);
  checkTimestampWindow(
    timestamp,
    options.now ?? new Date(),
    options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
  );
  return {
    scheme,
    secrets,
    // The standard scheme signs the header text as sent, so use it trimmed but not re-formatted.
    signedContent:
      scheme === 'standard' ? standardSignedContent(webhookId as string, timestampText.trim(), body) : body,
    candidates: parseSignatureHeader(scheme, signature),
    body,
    webhookId,
    timestamp,
  };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** @internal The signature check and the body as text; shared by both verifiers. */
export function checkSignatureAndDecode(plan: VerificationPlan, digests: readonly Uint8Array[]): string {
  if (!matchesAnyDigest(plan.scheme, plan.candidates, digests)) {
    const header =
      plan.scheme === 'standard' ? STANDARD_WEBHOOK_HEADERS.signature : MUTASIBANK_HEADERS.signature;
    throw new WebhookVerificationError(
      'invalid_signature',
      `${header} does not match the body: check the secret, and pass the raw body bytes, not re-serialised JSON`,
    );
  }
  try {
    return typeof plan.body === 'string' ? plan.body : decoder.decode(plan.body);
  } catch {
    throw new WebhookVerificationError('invalid_json', 'the body is signed correctly but is not UTF-8 JSON');
  }
}

/** @internal The optional api key check (constant time); shared by both verifiers. */
export function checkApiKey(expected: string | undefined, sent: string | undefined): void {
  if (expected === undefined) return;
  if (sent === undefined || !timingSafeEqual(expected, sent)) {
    throw new WebhookVerificationError(
      'api_key_mismatch',
      "api_key in the body is not the configured API token (it is the account owner's token)",
    );
  }
}

/** @internal The replay guard of the async verifiers: refuses a message id seen before. */
export async function guardReplay(
  options: VerifyWebhookAsyncOptions,
  webhookId: string | undefined,
): Promise<void> {
  const store = options.replayStore;
  if (store === undefined) return;
  if (webhookId === undefined) {
    throw new WebhookVerificationError(
      'missing_webhook_id',
      `the ${MUTASIBANK_HEADERS.webhookId} header is missing, so the replay guard cannot check this delivery`,
    );
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const ttlSeconds = options.replayTtlSeconds ?? (tolerance > 0 ? 2 * tolerance : 86_400);
  if (await store.seen(webhookReplayKey(webhookId), ttlSeconds * 1000)) {
    throw new WebhookVerificationError(
      'replayed',
      'this webhook id was already received: a retry of a delivery that was accepted, or a replay',
    );
  }
}

function finishVerification(
  plan: VerificationPlan,
  digests: readonly Uint8Array[],
  options: VerifyWebhookOptions | VerifyWebhookAsyncOptions,
): WebhookEvent {
  const parsed = parseWebhookPayload(checkSignatureAndDecode(plan, digests));
  checkApiKey(options.apiKey, parsed.payload.api_key);
  return new WebhookEvent({
    parsed,
    webhookId: plan.webhookId,
    timestamp: plan.timestamp,
    scheme: plan.scheme,
  });
}

/**
 * Verifies a delivery synchronously with a {@link SyncCryptoProvider}. The runtime entry point's
 * `verifyWebhook` is this with `NodeCryptoProvider`; use this form to pass another provider.
 * Throws {@link WebhookVerificationError}; never any other error for bad input.
 */
export function verifyWebhookWith(provider: SyncCryptoProvider, options: VerifyWebhookOptions): WebhookEvent {
  if ((options as { replayStore?: unknown }).replayStore !== undefined) {
    throw new TypeError('replayStore needs the async verifier: use verifyWebhookAsync');
  }
  const plan = planVerification(options);
  const digests = plan.secrets.map((secret) => provider.computeHmacSha256(secret, plan.signedContent));
  return finishVerification(plan, digests, options);
}

/** The key a delivery's message id is kept under in the replay store. */
export function webhookReplayKey(webhookId: string): string {
  return `webhook:${webhookId}`;
}

/**
 * Verifies a delivery with any {@link CryptoProvider}, then, when a `replayStore` is given, refuses
 * a message id seen before (code `replayed`). Same checks and codes as {@link verifyWebhookWith}.
 * Rejects only with {@link WebhookVerificationError} for bad input.
 */
export async function verifyWebhookAsyncWith(
  provider: CryptoProvider,
  options: VerifyWebhookAsyncOptions,
): Promise<WebhookEvent> {
  const plan = planVerification(options);
  const digests = await Promise.all(
    plan.secrets.map((secret) => provider.computeHmacSha256Async(secret, plan.signedContent)),
  );
  const event = finishVerification(plan, digests, options);
  await guardReplay(options, event.webhookId);
  return event;
}
