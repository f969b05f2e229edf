import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock.js';
import { createSecretBox } from '../security/secret-box.js';
import { openSqlite } from '../store/dialects/sqlite.js';
import { openStore, type Store } from '../store/store.js';
import { InvoiceExpirySweeper } from './expiry-sweeper.js';
import { InvoiceService } from './invoice-service.js';
import { DEFAULT_INVOICE_SETTINGS } from './invoice-settings.js';

const MINUTE = 60_000;
let dir: string;
let store: Store;
let service: InvoiceService;
let userId: number;
let accountId: number;
const clock = new ManualClock();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mutasibank-sweep-'));
  store = await openStore(
    openSqlite({ filename: join(dir, 's.db') }),
    createSecretBox(Buffer.alloc(32, 3)),
    clock,
  );
  userId = (await store.users.create({ name: 'U', email: 'u@example.test' })).id;
  accountId = (
    await store.accounts.create(
      userId,
      { bank_id: 100, module: 'simulator', account_name: 'A', account_no: '1' },
      {},
    )
  ).id;
  service = new InvoiceService({ store, clock, settings: DEFAULT_INVOICE_SETTINGS });
});
afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const create = (reference: string, expiresInMs: number) =>
  service.create({ userId, accountId, amount: 10_000, reference, expiresAt: clock.now() + expiresInMs });

describe('InvoiceExpirySweeper', () => {
  it('expires overdue invoices past their grace period, in batches, each once', async () => {
    for (let i = 0; i < 7; i++) await create(`ORDER-${i}`, (i + 1) * MINUTE);
    const open = await create('ORDER-LATER', 60 * MINUTE);
    const onExpired = vi.fn();
    const sweeper = new InvoiceExpirySweeper({
      store,
      clock,
      gracePeriodMs: 2 * MINUTE,
      intervalMs: MINUTE,
      batchSize: 3,
      onExpired,
    });
    clock.advance(5 * MINUTE);
    expect(await sweeper.sweep()).toBe(3); // expired at 1, 2, 3 minutes: past grace at 5
    clock.advance(10 * MINUTE);
    expect(await sweeper.sweep()).toBe(4);
    expect(await sweeper.sweep()).toBe(0);
    expect(onExpired.mock.calls).toEqual([[3], [4]]);
    expect((await store.invoices.getById(open.id))!.status).toBe('open');
  });

  it('runs on its timer once started and not after stop', async () => {
    vi.useFakeTimers();
    await create('ORDER-T', MINUTE);
    const onExpired = vi.fn();
    const sweeper = new InvoiceExpirySweeper({
      store,
      clock,
      gracePeriodMs: 0,
      intervalMs: 30_000,
      onExpired,
    });
    sweeper.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(onExpired).not.toHaveBeenCalled();
    clock.advance(2 * MINUTE);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(onExpired).toHaveBeenCalledWith(1);
    await sweeper.stop();
    await create('ORDER-U', MINUTE);
    clock.advance(2 * MINUTE);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(onExpired).toHaveBeenCalledTimes(1);
  });

  it('reports a failed sweep and keeps its schedule', async () => {
    vi.useFakeTimers();
    const onError = vi.fn();
    const broken = { ...store, transaction: () => Promise.reject(new Error('disk full')) } as Store;
    const sweeper = new InvoiceExpirySweeper({
      store: broken,
      clock,
      gracePeriodMs: 0,
      intervalMs: 1000,
      onError,
    });
    sweeper.start();
    await vi.advanceTimersByTimeAsync(2500);
    await sweeper.stop();
    expect(onError.mock.calls.length).toBe(3);
    expect(String(onError.mock.calls[0]![0])).toContain('disk full');
  });
});
