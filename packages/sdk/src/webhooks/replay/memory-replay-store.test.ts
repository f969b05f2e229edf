import { describe, expect, it } from 'vitest';
import { MemoryReplayStore } from './memory-replay-store.js';
import { describeReplayStoreContract } from './replay-store.contract.js';

describeReplayStoreContract('MemoryReplayStore', async (clock) => ({
  store: new MemoryReplayStore({ clock: () => clock.nowMs }),
  advance: (ms) => {
    clock.nowMs += ms;
    return Promise.resolve();
  },
}));

describe('MemoryReplayStore', () => {
  it('stays within maxEntries, evicting the least recently used key', async () => {
    const store = new MemoryReplayStore({ maxEntries: 3, clock: () => 0 });
    for (const key of ['a', 'b', 'c']) await store.seen(key, 1000);
    expect(await store.seen('a', 1000)).toBe(true); // touches a
    await store.seen('d', 1000); // evicts b, the least recently used
    expect(store.size).toBe(3);
    expect(await store.seen('a', 1000)).toBe(true);
    expect(await store.seen('b', 1000)).toBe(false);
  });

  it('rejects a nonsensical bound', () => {
    expect(() => new MemoryReplayStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
