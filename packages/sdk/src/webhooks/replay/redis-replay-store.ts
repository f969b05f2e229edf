/**
 * @module webhooks/replay/redis-replay-store
 * {@link ReplayStore} on Redis, shared by every receiver process. Written against the one or two
 * commands it needs (kysely's `SqliteDatabase` way), so neither ioredis nor node-redis is a
 * dependency and a test can hand in any client.
 */
import type { ReplayStore } from './replay-store.js';

/** The subset of an ioredis client used: `set(key, value, 'PX', ms, 'NX')` and `del(key)`. */
export interface IoRedisLikeClient {
  set(key: string, value: string, px: 'PX', ttlMs: number, nx?: 'NX'): Promise<string | null>;
  del(key: string): Promise<number>;
}

/** The subset of a node-redis (v4+) client used: `set(key, value, { PX, NX })` and `del(key)`. */
export interface NodeRedisLikeClient {
  set(key: string, value: string, options: { PX: number; NX?: true }): Promise<string | null>;
  del(key: string): Promise<number>;
}

/** Options of {@link RedisReplayStore}: an ioredis client, or a node-redis one marked as such. */
export type RedisReplayStoreOptions = (
  | { client: IoRedisLikeClient; clientStyle?: 'ioredis' }
  | { client: NodeRedisLikeClient; clientStyle: 'node-redis' }
) & {
  /** Prefix of every key, so one Redis can serve several apps. Default `mutasibank:`. */
  keyPrefix?: string;
};

/**
 * A {@link ReplayStore} on Redis. `seen` is one `SET key 1 NX PX ttl`, atomic on the server, so two
 * receiver processes given the same delivery accept it exactly once.
 *
 * @example
 * import Redis from 'ioredis';
 * const store = new RedisReplayStore({ client: new Redis(process.env.REDIS_URL) });
 *
 * // node-redis:
 * const store2 = new RedisReplayStore({ client: createClient(), clientStyle: 'node-redis' });
 */
export class RedisReplayStore implements ReplayStore {
  readonly #options: RedisReplayStoreOptions;
  readonly #prefix: string;

  constructor(options: RedisReplayStoreOptions) {
    this.#options = options;
    this.#prefix = options.keyPrefix ?? 'mutasibank:';
  }

  async seen(key: string, ttlMs: number): Promise<boolean> {
    return (await this.#set(key, ttlMs, true)) === null;
  }

  async remember(key: string, ttlMs: number): Promise<void> {
    await this.#set(key, ttlMs, false);
  }

  async forget(key: string): Promise<void> {
    await this.#options.client.del(this.#prefix + key);
  }

  /** SET with PX (and NX when `onlyIfAbsent`): resolves `null` when NX found the key present. */
  #set(key: string, ttlMs: number, onlyIfAbsent: boolean): Promise<string | null> {
    // Redis rejects PX 0 and fractions; a lease always lasts at least a millisecond.
    const px = Math.max(1, Math.ceil(ttlMs));
    const fullKey = this.#prefix + key;
    const options = this.#options;
    if (options.clientStyle === 'node-redis') {
      return options.client.set(fullKey, '1', onlyIfAbsent ? { PX: px, NX: true } : { PX: px });
    }
    return onlyIfAbsent
      ? options.client.set(fullKey, '1', 'PX', px, 'NX')
      : options.client.set(fullKey, '1', 'PX', px);
  }
}
