import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisReplayStore } from './redis-replay-store.js';
import { describeReplayStoreContract } from './replay-store.contract.js';

const redisUrl = process.env.REDIS_URL;
// Redis keeps its own time, so expiry is waited for: the ttl is short to keep that wait small.
const ttlMs = 100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!redisUrl)('RedisReplayStore on a real Redis (set REDIS_URL to run)', () => {
  const client = new Redis(redisUrl ?? '', { lazyConnect: true, maxRetriesPerRequest: 1 });
  afterAll(() => client.quit());

  describeReplayStoreContract(
    'RedisReplayStore (ioredis)',
    async () => ({ store: new RedisReplayStore({ client, keyPrefix: 'mutasibank-test:' }), advance: sleep }),
    { ttlMs },
  );

  describeReplayStoreContract(
    'RedisReplayStore (node-redis call style)',
    async () => {
      // node-redis is not installed here; this wrapper speaks its set(key, value, { PX, NX }) form to
      // the same real Redis, so the store's node-redis branch is exercised end to end.
      const nodeRedisStyle = {
        set: (key: string, value: string, options: { PX: number; NX?: true }) =>
          options.NX
            ? client.set(key, value, 'PX', options.PX, 'NX')
            : client.set(key, value, 'PX', options.PX),
        del: (key: string) => client.del(key),
      };
      return {
        store: new RedisReplayStore({
          client: nodeRedisStyle,
          clientStyle: 'node-redis',
          keyPrefix: 'mutasibank-test:',
        }),
        advance: sleep,
      };
    },
    { ttlMs },
  );

  it('prefixes keys and sets a PX expiry', async () => {
    const store = new RedisReplayStore({ client, keyPrefix: 'mutasibank-test:' });
    const key = `prefix:${process.pid}:${Date.now()}`;
    await store.seen(key, 60_000);
    const ttl = await client.pttl(`mutasibank-test:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.forget(key);
    expect(await client.exists(`mutasibank-test:${key}`)).toBe(0);
  });
});
