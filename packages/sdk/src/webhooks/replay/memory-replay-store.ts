/**
 * @module webhooks/replay/memory-replay-store
 * {@link ReplayStore} in one process's memory: a bounded LRU with per-key expiry. Right for a single
 * receiver process and for tests; several processes need {@link RedisReplayStore}.
 */
import type { ReplayStore } from './replay-store.js';

/** Options of {@link MemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Most keys kept; past it the least recently used key is dropped. Default 10 000. */
  maxEntries?: number;
  /** Current time in ms since the epoch; inject one in tests. Default `Date.now`. */
  clock?: () => number;
}

/**
 * An in-memory {@link ReplayStore}. JavaScript runs one callback at a time, so each method is
 * atomic within the process. Memory is bounded by `maxEntries`: under a flood of distinct ids the
 * oldest are forgotten first, which can only let a very old replay through, never block a delivery.
 *
 * @example
 * const store = new MemoryReplayStore({ maxEntries: 1000 });
 * await store.seen('webhook:abc', 600_000); // false
 * await store.seen('webhook:abc', 600_000); // true
 */
export class MemoryReplayStore implements ReplayStore {
  readonly #maxEntries: number;
  readonly #clock: () => number;
  /** Insertion order is recency order: a touched key is deleted and set again. */
  readonly #expiresAt = new Map<string, number>();

  constructor(options: MemoryReplayStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError('maxEntries must be a positive integer');
    }
    this.#maxEntries = maxEntries;
    this.#clock = options.clock ?? Date.now;
  }

  /** Keys currently held, expired ones included until they are next touched or evicted. */
  get size(): number {
    return this.#expiresAt.size;
  }

  seen(key: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock();
    const expiresAt = this.#expiresAt.get(key);
    if (expiresAt !== undefined && expiresAt > now) {
      this.#touch(key, expiresAt);
      return Promise.resolve(true);
    }
    this.#set(key, now + ttlMs);
    return Promise.resolve(false);
  }

  remember(key: string, ttlMs: number): Promise<void> {
    this.#set(key, this.#clock() + ttlMs);
    return Promise.resolve();
  }

  forget(key: string): Promise<void> {
    this.#expiresAt.delete(key);
    return Promise.resolve();
  }

  #touch(key: string, expiresAt: number): void {
    this.#expiresAt.delete(key);
    this.#expiresAt.set(key, expiresAt);
  }

  #set(key: string, expiresAt: number): void {
    this.#touch(key, expiresAt);
    while (this.#expiresAt.size > this.#maxEntries) {
      const oldest = this.#expiresAt.keys().next().value;
      if (oldest === undefined) break;
      this.#expiresAt.delete(oldest);
    }
  }
}
