import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTempStore, type TempStore } from '../../test/helpers/temp-store.js';
import { ManualClock } from '../clock.js';
import type { Store } from '../store/store.js';
import { InvoiceExpirySweeper } from './expiry-sweeper.js';
import { InvoiceService } from './invoice-service.js';
import { DEFAULT_INVOICE_SETTINGS } from './invoice-settings.js';

const MINUTE = 60_000;
let temp: TempStore;
let store: Store;
let service: InvoiceService;
let userId: number;
let accountId: number;
const clock = new ManualClock();

beforeEach(async () => {
  temp = await openTempStore(clock);
  ({ store, userId } = temp);
  accountId = await temp.addAccount({ bank_id: 100, module: 'simulator' });
  service = new InvoiceService({ store, clock, settings: DEFAULT_INVOICE_SETTINGS });
});
afterEach(async () => {
  vi.useRealTimers();
  await temp.close();
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
