import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../../test/helpers/temp-store.js';
import { ManualClock } from '../clock.js';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';
import { InvoiceService } from './invoice-service.js';
import { DEFAULT_INVOICE_SETTINGS, type InvoiceSettings } from './invoice-settings.js';

let temp: TempStore;
let store: Store;
let userId: number;
let accountId: number;
const clock = new ManualClock(Date.UTC(2025, 0, 10, 7, 30, 45));

beforeEach(async () => {
  temp = await openTempStore(clock);
  ({ store, userId } = temp);
  accountId = await temp.addAccount({ bank_id: 100, module: 'simulator' });
});
afterEach(() => temp.close());

const service = (over: Partial<InvoiceSettings> = {}) =>
  new InvoiceService({ store, clock, settings: { ...DEFAULT_INVOICE_SETTINGS, ...over } });

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}

describe('InvoiceService', () => {
  it('opens the window at the start of the minute (banks that print minutes only)', async () => {
    const inv = await service().create({ userId, accountId, amount: 10_000, reference: 'ORDER-1' });
    expect(inv.valid_from).toBe(Date.UTC(2025, 0, 10, 7, 30));
    expect(inv.expires_at).toBe(clock.now() + DEFAULT_INVOICE_SETTINGS.defaultValidityMs);
  });

  it('subtracts the code in subtract mode, keeping totals positive, but top-ups always add', async () => {
    const s = service({ codeMode: 'subtract', codeMin: 1, codeMax: 5 });
    const inv = await s.create({ userId, accountId, amount: 10_000, reference: 'ORDER-2' });
    expect(inv.total).toBe(10_000 - inv.unique_code);
    expect(inv.unique_code).toBeGreaterThanOrEqual(1);
    expect(inv.unique_code).toBeLessThanOrEqual(5);
    const tooSmall = await apiError(s.create({ userId, accountId, amount: 1, reference: 'ORDER-3' }));
    expect(tooSmall.code).toBe('validation_failed');
    await store.billingAccounts.bind(1, accountId);
    const topup = await s.createTopup({
      userId,
      payment: { id: 1, name: 'BCA', account_number: '1', account_name: 'A' },
      amount: 10_000,
      ttlMs: 60_000,
    });
    expect(topup.total).toBe(10_000 + topup.unique_code);
  });

  it('frees a reference and a total when an invoice is cancelled', async () => {
    const s = service({ codeMin: 7, codeMax: 7 });
    const first = await s.create({ userId, accountId, amount: 10_000, reference: 'ORDER-9' });
    expect(
      (await apiError(s.create({ userId, accountId, amount: 10_000, reference: 'ORDER-10' }))).code,
    ).toBe('unique_code_exhausted');
    expect((await apiError(s.create({ userId, accountId, amount: 20_000, reference: 'order 9' }))).code).toBe(
      'reference_in_use',
    );
    await s.cancel(userId, first.id);
    const again = await s.create({ userId, accountId, amount: 10_000, reference: 'ORDER-9' });
    expect(again.total).toBe(first.total);
    expect((await apiError(s.cancel(userId, first.id))).code).toBe('invoice_not_open');
    expect((await apiError(s.cancel(userId + 1, again.id))).code).toBe('not_found');
  });

  it('refuses an expiry that is not in the future and a reference without letters or digits', async () => {
    const s = service();
    const past = await apiError(
      s.create({ userId, accountId, amount: 10_000, reference: 'A1', expiresAt: clock.now() }),
    );
    expect(past.message).toMatch(/future/);
    expect(
      (await apiError(s.create({ userId, accountId, amount: 10_000, reference: '-/-' }))).message,
    ).toMatch(/reference/);
  });

  it('creates the billing account of a payment account on the first top-up, for the first user', async () => {
    const s = service();
    const payment = { id: 2, name: 'Mandiri', account_number: '0002', account_name: 'Operator' };
    const [a, b] = await Promise.all([
      s.createTopup({ userId, payment, amount: 10_000, ttlMs: 60_000 }),
      s.createTopup({ userId, payment, amount: 10_000, ttlMs: 60_000 }),
    ]);
    expect(a.account_id).toBe(b.account_id);
    const account = (await store.accounts.get(userId, a.account_id))!;
    expect(account).toMatchObject({ module: 'mandiri', account_no: '0002', is_active: 0 });
    expect((await store.accounts.list(userId)).filter((x) => x.account_no === '0002')).toHaveLength(1);
  });
});
