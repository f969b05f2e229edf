/**
 * @module webhooks/once
 * Idempotent processing: deliveries are at-least-once (retries, lost responses, a replay), so the
 * work a mutation triggers ("confirm order") must run once per mutation id however often it
 * arrives. Built on the same {@link ReplayStore} as the replay guard.
 */
import type { WebhookEvent, WebhookMutationView } from './event.js';
import type { ReplayStore } from './replay/replay-store.js';

/** How long a finished key is remembered by default: 7 days, past the sender's ~24 h of retries. */
export const DEFAULT_ONCE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a running task holds its key by default: if the process dies, a retry may run it after. */
export const DEFAULT_ONCE_LEASE_MS = 60 * 1000;

/** Options of {@link runOnce}. */
export interface RunOnceOptions {
  /** Where keys are kept; shared (Redis) when several processes receive webhooks. */
  store: ReplayStore;
  /** The identity of the work, e.g. `mutation:<id>`. */
  key: string;
  /** How long a finished key is remembered. Default {@link DEFAULT_ONCE_TTL_MS}. */
  ttlMs?: number;
  /**
   * How long a task may run before another caller may start it again (after a crash). Longer than
   * the task ever takes. Default {@link DEFAULT_ONCE_LEASE_MS}.
   */
  leaseMs?: number;
}

/** What {@link runOnce} did: ran the task (with its value), or skipped a key already claimed. */
export type RunOnceResult<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `task` unless `key` was already claimed: claims it for `leaseMs`, runs, then keeps it for
 * `ttlMs`. When the task throws, the key is released and the error rethrown, so the sender's retry
 * runs it again; when the process dies mid-task, the lease expires and a later retry runs it.
 * A duplicate arriving while the first run is still going is skipped.
 *
 * @example
 * await runOnce({ store, key: `order:${orderId}` }, () => confirmOrder(orderId));
 */
export async function runOnce<T>(
  options: RunOnceOptions,
  task: () => T | Promise<T>,
): Promise<RunOnceResult<T>> {
  const { store, key } = options;
  if (await store.seen(key, options.leaseMs ?? DEFAULT_ONCE_LEASE_MS)) return { ran: false };
  let value: T;
  try {
    value = await task();
  } catch (error) {
    await store.forget(key);
    throw error;
  }
  await store.remember(key, options.ttlMs ?? DEFAULT_ONCE_TTL_MS);
  return { ran: true, value };
}

/** Options of {@link processMutationsOnce}. */
export type ProcessMutationsOnceOptions = Omit<RunOnceOptions, 'key'>;

/** Mutation ids {@link processMutationsOnce} handled now and those it skipped as already done. */
export interface ProcessMutationsOnceResult {
  processed: string[];
  skipped: string[];
}

/** The store key of a mutation: scoped by account, since ids are only promised unique per account. */
export function mutationOnceKey(accountId: number, mutationId: string): string {
  return `mutation:${accountId}:${mutationId}`;
}

/**
 * Calls `handler` for each mutation of a verified event, in order, at most once per mutation id
 * across every delivery and retry (see {@link runOnce}). If a handler throws, the mutations before
 * it stay done, the failing one is released, and the error propagates: answer non-2xx and the
 * sender's retry continues where this one stopped.
 *
 * @example
 * await processMutationsOnce(event, { store }, async (mutation) => {
 *   if (mutation.direction === 'credit') await confirmOrder(mutation.description, mutation.amount);
 * });
 */
export async function processMutationsOnce(
  event: WebhookEvent,
  options: ProcessMutationsOnceOptions,
  handler: (mutation: WebhookMutationView, event: WebhookEvent) => unknown,
): Promise<ProcessMutationsOnceResult> {
  const result: ProcessMutationsOnceResult = { processed: [], skipped: [] };
  for (const mutation of event.mutations) {
    const key = mutationOnceKey(event.accountId, mutation.id);
    const outcome = await runOnce({ ...options, key }, () => handler(mutation, event));
    (outcome.ran ? result.processed : result.skipped).push(mutation.id);
  }
  return result;
}
