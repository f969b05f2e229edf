/**
 * @module dispatch
 * Webhook delivery: the outbox seam, the dispatcher, the sender and its SSRF guard, the retry table.
 * The contract suite (`outbox-store.contract.ts`) is imported by tests directly, not from here.
 *
 * @example
 * import { Dispatcher, UndiciSender, assertWebhookUrl } from './dispatch/index.js';
 * const sender = new UndiciSender({ dev: config.dev, nowMs: () => Date.now() });
 * const dispatcher = new Dispatcher({ store: sqlOutbox, sender, sign: signWebhook, nowMs: () => Date.now() });
 * dispatcher.start();
 */
export type { AddressClass } from './address-class.js';
export { type DecideInput, type DisableInput, decideAfterAttempt, disableReason } from './delivery-policy.js';
export {
  type ClaimTrigger,
  type DispatchEvent,
  Dispatcher,
  type DispatcherOptions,
  type DispatchLogger,
  type StopOptions,
} from './dispatcher.js';
export { MemoryOutboxStore } from './memory-outbox-store.js';
export type {
  AttemptDecision,
  AttemptRecord,
  ClaimedMessage,
  ClaimRequest,
  Endpoint,
  EndpointHealth,
  EndpointSeed,
  EpochMs,
  Lease,
  MessageStatus,
  NewOutboxMessage,
  OutboxMessage,
  OutboxStore,
  RecordAttemptRequest,
  RecordAttemptResult,
} from './outbox-store.js';
export {
  MAX_ATTEMPTS,
  nextAttemptAt,
  type RandomSource,
  RETRY_AFTER_MAX_MS,
  RETRY_DELAYS_MS,
  type RetryOptions,
  retryDelayMs,
} from './retry-schedule.js';
export {
  DEFAULT_SEND_TIMEOUT_MS,
  type DeliveryKind,
  type DeliveryOutcome,
  type DeliveryResult,
  parseRetryAfter,
  RESPONSE_DRAIN_LIMIT_BYTES,
  RESPONSE_SNIPPET_BYTES,
  type Sender,
  type SendRequest,
  UndiciSender,
  type UndiciSenderOptions,
} from './sender.js';
export {
  type SendSignedOptions,
  type SignedMessage,
  type SignedSendResult,
  type SignInput,
  type SignWebhook,
  sendSignedMessage,
  WEBHOOK_USER_AGENT,
} from './signed-delivery.js';
export {
  assertWebhookUrl,
  BlockedAddressError,
  checkWebhookUrl,
  classifyAddress,
  createGuardedLookup,
  type GuardedLookupOptions,
  type HostResolver,
  isPublicAddress,
  MAX_WEBHOOK_URL_LENGTH,
  type ResolvedAddress,
  systemResolver,
  type WebhookUrlCheck,
  WebhookUrlError,
  type WebhookUrlPolicy,
  type WebhookUrlProblem,
} from './ssrf-guard.js';
export {
  renderWebhookBody,
  serializeWebhookPayload,
  type WebhookMutation,
  type WebhookPayload,
} from './webhook-body.js';
