/**
 * @module webhooks/replay/replay-store
 * The seam for "have we seen this id?": the replay guard keys it by webhook message id, the
 * idempotency helper by mutation id. Implementations: {@link MemoryReplayStore} (one process) and
 * {@link RedisReplayStore} (shared by every receiver process).
 */

/**
 * A set of keys with expiry. Every method must be atomic with respect to other callers of the same
 * store, including other processes for a shared store: two concurrent `seen(k)` calls on a fresh
 * key resolve `false` for exactly one of them.
 */
export interface ReplayStore {
  /**
   * Records `key` for `ttlMs` unless it is already recorded; resolves `true` when it was already
   * there (a replay), `false` when this call recorded it. Redis: `SET key 1 NX PX ttlMs`.
   */
  seen(key: string, ttlMs: number): Promise<boolean>;
  /** Records `key` for `ttlMs` whether or not it was there (turns a short lease into a long mark). */
  remember(key: string, ttlMs: number): Promise<void>;
  /** Removes `key`, so the next `seen(key)` resolves `false` (a handler failed; let the retry in). */
  forget(key: string): Promise<void>;
}
