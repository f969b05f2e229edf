/**
 * @module webhooks
 * Webhook verification and signing, runtime-neutral: everything except the functions that choose a
 * crypto provider, which the runtime entry points (`node.ts`, `web.ts`) add.
 */
export {
  REDACTED,
  redactPayload,
  WebhookEvent,
  type WebhookEventInit,
  type WebhookMutationView,
  type WebhookSignatureScheme,
} from './event.js';
export {
  type EventWebhook,
  type InvoiceEventData,
  isEventWebhookBody,
  verifyEventWebhookAsyncWith,
  verifyEventWebhookWith,
} from './event-webhook.js';
export {
  type HeaderRecord,
  type HeadersLike,
  MUTASIBANK_HEADERS,
  readHeader,
  STANDARD_WEBHOOK_HEADERS,
  type WebhookHeaders,
} from './headers.js';
export {
  DEFAULT_ONCE_LEASE_MS,
  DEFAULT_ONCE_TTL_MS,
  mutationOnceKey,
  type ProcessMutationsOnceOptions,
  type ProcessMutationsOnceResult,
  processMutationsOnce,
  type RunOnceOptions,
  type RunOnceResult,
  runOnce,
} from './once.js';
export {
  type MutationType,
  type ParsedWebhookPayload,
  parseWebhookPayload,
  type WebhookMutation,
  type WebhookPayload,
} from './payload.js';
export type { RawWebhookPayload } from './raw-payload.js';
export { MemoryReplayStore, type MemoryReplayStoreOptions } from './replay/memory-replay-store.js';
export {
  type IoRedisLikeClient,
  type NodeRedisLikeClient,
  RedisReplayStore,
  type RedisReplayStoreOptions,
} from './replay/redis-replay-store.js';
export type { ReplayStore } from './replay/replay-store.js';
export { toSecretList, WEBHOOK_SECRET_LENGTH, type WebhookSecret } from './secret.js';
export {
  type SignWebhookOptions,
  signWebhookAsyncWith,
  signWebhookWith,
  WEBHOOK_USER_AGENT,
  type WebhookDeliveryHeaders,
} from './sign.js';
export { STANDARD_SIGNATURE_VERSION } from './signature.js';
export { DEFAULT_TOLERANCE_SECONDS } from './timestamp.js';
export {
  type VerifyWebhookAsyncOptions,
  type VerifyWebhookOptions,
  verifyWebhookAsyncWith,
  verifyWebhookWith,
  webhookReplayKey,
} from './verify.js';
