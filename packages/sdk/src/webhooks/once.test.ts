import { describe, expect, it } from 'vitest';
import { NodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { processMutationsOnce, runOnce } from './once.js';
import { MemoryReplayStore } from './replay/memory-replay-store.js';
import { signWebhookWith } from './sign.js';
import { verifyWebhookWith } from './verify.js';

const secret = 'a'.repeat(64);
const now = new Date('2026-01-01T00:00:00Z');

function eventWith(ids: string[]) {
  const node = new NodeCryptoProvider();
  const body = JSON.stringify({
    account_id: 7,
    data_mutasi: ids.map((id) => ({ id, transaction_date: '2025-12-31 21:15:04', type: 'CR', amount: 1000 })),
  });
  return verifyWebhookWith(node, {
    payload: body,
    headers: signWebhookWith(node, { payload: body, secret }, now),
    secret,
    now,
  });
}

describe('runOnce', () => {
  it('runs once per key, skips duplicates, and releases the key when the task throws', async () => {
    const store = new MemoryReplayStore();
    let runs = 0;
    expect(await runOnce({ store, key: 'k' }, () => ++runs)).toEqual({ ran: true, value: 1 });
    expect(await runOnce({ store, key: 'k' }, () => ++runs)).toEqual({ ran: false });
    await expect(runOnce({ store, key: 'f' }, () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );
    expect(await runOnce({ store, key: 'f' }, () => 'retried')).toEqual({ ran: true, value: 'retried' });
  });

  it('a crashed run holds the key only for its lease', async () => {
    let clockMs = 0;
    const store = new MemoryReplayStore({ clock: () => clockMs });
    // A claim with no remember/forget after it is what a process that died mid-task leaves behind.
    await store.seen('k', 60_000);
    expect(await runOnce({ store, key: 'k', leaseMs: 60_000 }, () => 'x')).toEqual({ ran: false });
    clockMs += 60_001;
    expect(await runOnce({ store, key: 'k', leaseMs: 60_000, ttlMs: 1000 }, () => 'x')).toEqual({
      ran: true,
      value: 'x',
    });
    // Done marks last ttlMs, not the lease.
    clockMs += 999;
    expect(await runOnce({ store, key: 'k' }, () => 'x')).toEqual({ ran: false });
  });

  it('concurrent duplicates run the task once', async () => {
    const store = new MemoryReplayStore();
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => runOnce({ store, key: 'same' }, async () => ++runs)),
    );
    expect(runs).toBe(1);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
  });
});

describe('processMutationsOnce', () => {
  it('handles each mutation once across deliveries, continuing after a failure', async () => {
    const store = new MemoryReplayStore();
    const seen: string[] = [];
    let failOn: string | undefined = 'm2';
    const handler = (mutation: { id: string }) => {
      if (mutation.id === failOn) throw new Error('order service down');
      seen.push(mutation.id);
    };
    const first = eventWith(['m1', 'm2', 'm3']);
    await expect(processMutationsOnce(first, { store }, handler)).rejects.toThrow('order service down');
    failOn = undefined;
    // The retry (same mutations) continues where the first delivery stopped.
    expect(await processMutationsOnce(first, { store }, handler)).toEqual({
      processed: ['m2', 'm3'],
      skipped: ['m1'],
    });
    // A later message repeating m3 does not run it again.
    expect(await processMutationsOnce(eventWith(['m3', 'm4']), { store }, handler)).toEqual({
      processed: ['m4'],
      skipped: ['m3'],
    });
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4']);
  });
});
