import { describe, expect, it, vi } from 'vitest';
import { parseWibDateTime } from '../wib.js';
import type { MatchableMutation } from './credit.js';
import { PaymentCallbackError, PaymentMatchingError } from './errors.js';
import { MemoryPaymentStore } from './memory-payment-store.js';
import { PaymentMatcher, type PaymentMatcherOptions } from './payment-matcher.js';
import type { OutcomeRecord, PaymentStore } from './payment-store.js';
import { UniqueCodeAllocator } from './unique-code.js';

const wib = (s: string): Date => parseWibDateTime(s)!;
const NOW = wib('2025-01-10 09:00:00');
const clock = () => NOW;

function credit(
  id: string | number,
  amount: number,
  description = 'TRANSFER DARI BUDI',
  at = '2025-01-10 14:30:00',
) {
  return { id, type: 'CR', amount, description, transaction_date: at } satisfies MatchableMutation;
}

async function setup(
  options: Partial<PaymentMatcherOptions> = {},
  store: PaymentStore = new MemoryPaymentStore(),
) {
  const allocator = new UniqueCodeAllocator({ store, clock, strategy: 'sequential' });
  const a = await allocator.allocate({
    id: 'A',
    accountId: 1,
    amount: 150000,
    reference: 'ORDER-1',
    expiresAt: wib('2025-01-10 21:00:00'),
  });
  const b = await allocator.allocate({ id: 'B', accountId: 1, amount: 150000, reference: 'ORDER-2' });
  const onPaid = vi.fn();
  const onReview = vi.fn();
  const onUnmatched = vi.fn();
  const matcher = new PaymentMatcher({ store, clock, onPaid, onReview, onUnmatched, ...options });
  return { store, a, b, matcher, onPaid, onReview, onUnmatched };
}

describe('PaymentMatcher', () => {
  it('pays the order with the exact total and calls onPaid once across redeliveries', async () => {
    const { store, a, matcher, onPaid } = await setup();
    const payload = { account_id: 1, data_mutasi: [credit('m1', a.total, 'TRF ORDER-1')] };
    const first = await matcher.handle(payload);
    expect(first).toMatchObject({
      accountId: '1',
      results: [{ mutationId: 'm1', status: 'paid', orders: [{ id: 'A' }] }],
    });
    expect(onPaid).toHaveBeenCalledTimes(1);
    expect(onPaid).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'A', status: 'paid', paidMutationId: 'm1' }),
      payload.data_mutasi[0],
      { accountId: '1', isLate: false, isRetry: false },
    );
    const again = await matcher.handle({ account_id: '1', data_mutasi: [credit('m1', a.total)] });
    expect(again.results[0]).toMatchObject({
      status: 'duplicate',
      recorded: { outcome: 'paid', callbackState: 'done' },
    });
    expect(onPaid).toHaveBeenCalledTimes(1);
    expect(await store.getOutcome('1', 'm1')).toMatchObject({ callbackState: 'done' });
  });
  it('treats numeric and string ids, and account ids, as the same', async () => {
    const { a, matcher, onPaid } = await setup();
    await matcher.handle({ account_id: 1, data_mutasi: [credit(42, a.total)] });
    const again = await matcher.handle({ account_id: '1', data_mutasi: [credit('42', a.total)] });
    expect(again.results[0]?.status).toBe('duplicate');
    expect(onPaid).toHaveBeenCalledTimes(1);
  });
  it('ignores debits: no outcome, no callback', async () => {
    const { store, a, matcher, onPaid, onUnmatched } = await setup();
    const result = await matcher.handle({
      account_id: 1,
      data_mutasi: [{ ...credit('d1', a.total), type: 'DB' }],
    });
    expect(result.results[0]).toMatchObject({ status: 'ignored', reason: 'debit' });
    expect(await store.getOutcome('1', 'd1')).toBeUndefined();
    expect(onPaid).not.toHaveBeenCalled();
    expect(onUnmatched).not.toHaveBeenCalled();
  });
  it('sends conflicts and near misses to onReview and strangers to onUnmatched, once each', async () => {
    const { a, b, matcher, onReview, onUnmatched, store } = await setup();
    const payload = {
      account_id: 1,
      data_mutasi: [
        credit('r1', a.total, 'ORDER-2'),
        credit('r2', 150000),
        credit('u1', 7_000_000),
        credit('bad', 1.5),
      ],
    };
    const result = await matcher.handle(payload);
    expect(result.results.map((r) => [r.status, r.reason])).toEqual([
      ['review', 'reference_conflict'],
      ['review', 'underpaid'],
      ['unmatched', 'no_match'],
      ['unmatched', 'invalid_amount'],
    ]);
    expect(onReview).toHaveBeenNthCalledWith(1, payload.data_mutasi[0], {
      accountId: '1',
      reason: 'reference_conflict',
      orders: [expect.objectContaining({ id: 'A' }), expect.objectContaining({ id: 'B' })],
      isRetry: false,
    });
    expect(onReview.mock.calls[1]?.[1]).toMatchObject({
      reason: 'underpaid',
      orders: [{ id: 'A' }, { id: 'B' }],
    });
    expect(onUnmatched).toHaveBeenCalledTimes(2);
    await matcher.handle(payload);
    expect(onReview).toHaveBeenCalledTimes(2);
    expect(onUnmatched).toHaveBeenCalledTimes(2);
    // A review does not close the orders: an exact payment still pays them.
    expect((await store.getOrder('A'))?.status).toBe('open');
    expect(
      (await matcher.handle({ account_id: 1, data_mutasi: [credit('p', b.total)] })).results[0]?.status,
    ).toBe('paid');
    expect((await store.listOutcomes({ outcome: 'unmatched' })).map((o) => o.mutationId).sort()).toEqual([
      'bad',
      'u1',
    ]);
  });
  it('pays late within the grace period and says so', async () => {
    const { a, matcher, onPaid } = await setup({ gracePeriodMs: 3_600_000 });
    const result = await matcher.handle({
      account_id: 1,
      data_mutasi: [credit('m1', a.total, '', '2025-01-10 21:30:00')],
    });
    expect(result.results[0]?.status).toBe('paid_late');
    expect(onPaid.mock.calls[0]?.[2]).toMatchObject({ isLate: true });
  });
  it('pays a date-only (midnight) credit on the day the order was created', async () => {
    const { a, matcher } = await setup();
    const result = await matcher.handle({
      account_id: 1,
      data_mutasi: [credit('m1', a.total, '', '2025-01-10 00:00:00')],
    });
    expect(result.results[0]?.status).toBe('paid');
  });
  it('pays once when the same payload is handled concurrently', async () => {
    const { a, b, matcher, onPaid } = await setup();
    const payload = { account_id: 1, data_mutasi: [credit('m1', a.total), credit('m2', b.total)] };
    const results = await Promise.all(Array.from({ length: 50 }, () => matcher.handle(payload)));
    expect(onPaid).toHaveBeenCalledTimes(2);
    const statuses = results.flatMap((r) => r.results.map((x) => x.status));
    expect(statuses.filter((s) => s === 'paid')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(98);
  });
  it('keeps the claim when onPaid throws, finishes the batch, and retries the callback on redelivery', async () => {
    const { store, a, b, matcher, onPaid } = await setup();
    onPaid.mockRejectedValueOnce(new Error('shipping service down'));
    const payload = { account_id: 1, data_mutasi: [credit('m1', a.total), credit('m2', b.total)] };
    const error = await matcher.handle(payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentCallbackError);
    expect(error).toMatchObject({
      code: 'callback_failed',
      failures: [{ mutationId: 'm1', callback: 'onPaid' }],
    });
    expect((error as PaymentCallbackError).result).toMatchObject({
      results: [{ status: 'paid' }, { status: 'paid' }],
    });
    expect((await store.getOrder('A'))?.status).toBe('paid');
    expect(await store.getOutcome('1', 'm1')).toMatchObject({ callbackState: 'failed' });
    expect(await store.listOutcomes({ callbackState: 'failed' })).toHaveLength(1);

    const retried = await Promise.all([
      matcher.handle(payload),
      matcher.handle(payload),
      matcher.handle(payload),
    ]);
    expect(onPaid).toHaveBeenCalledTimes(3);
    expect(onPaid.mock.calls[2]).toEqual([
      expect.objectContaining({ id: 'A' }),
      payload.data_mutasi[0],
      { accountId: '1', isLate: false, isRetry: true },
    ]);
    expect(retried.flatMap((r) => r.results.map((x) => x.status)).sort()).toEqual([
      'callback_retried',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await store.getOutcome('1', 'm1')).toMatchObject({ callbackState: 'done' });
  });
  it('retries a failed onReview or onUnmatched the same way', async () => {
    const { matcher, onReview, onUnmatched } = await setup();
    onReview.mockImplementationOnce(() => {
      throw new Error('x');
    });
    onUnmatched.mockRejectedValueOnce(new Error('y'));
    const payload = { account_id: 1, data_mutasi: [credit('r', 150000), credit('u', 9)] };
    await expect(matcher.handle(payload)).rejects.toMatchObject({
      failures: [{ callback: 'onReview' }, { callback: 'onUnmatched' }],
    });
    const again = await matcher.handle(payload);
    expect(again.results.map((r) => r.status)).toEqual(['callback_retried', 'callback_retried']);
    expect(onReview.mock.calls[1]?.[1]).toMatchObject({
      reason: 'underpaid',
      isRetry: true,
      orders: [{ id: 'A' }, { id: 'B' }],
    });
    expect(onUnmatched.mock.calls[1]?.[1]).toEqual({ accountId: '1', reason: 'no_match', isRetry: true });
  });
  it('keeps a retried onPaid failed when a custom store lost the paid order', async () => {
    const { store, a, matcher, onPaid } = await setup();
    onPaid.mockRejectedValueOnce(new Error('down'));
    const payload = { account_id: 1, data_mutasi: [credit('m1', a.total)] };
    await expect(matcher.handle(payload)).rejects.toBeInstanceOf(PaymentCallbackError);
    vi.spyOn(store, 'getOrder').mockResolvedValue(undefined);
    const error = await matcher.handle(payload).catch((e: unknown) => e);
    expect(error).toMatchObject({ failures: [{ mutationId: 'm1', callback: 'onPaid' }] });
    expect(onPaid).toHaveBeenCalledTimes(1);
    expect(await store.getOutcome('1', 'm1')).toMatchObject({ callbackState: 'failed' });
  });
  it('records outcomes as done when no callback is given', async () => {
    const store = new MemoryPaymentStore();
    const matcher = new PaymentMatcher({ store, clock });
    await matcher.handle({ account_id: 1, data_mutasi: [credit('u', 9)] });
    expect(await store.getOutcome('1', 'u')).toMatchObject({
      outcome: 'unmatched',
      callbackState: 'done',
      recordedAt: NOW,
    });
  });
});

describe('PaymentMatcher with validateWith', () => {
  it('pays only what the API confirms, with the same amount', async () => {
    const answers: Record<string, { valid: boolean; data?: unknown }> = {
      ok: { valid: true, data: { id: 'ok', amount: '150001.00', type: 'CR' } },
      bare: { valid: true },
      no: { valid: false },
      other: { valid: true, data: { amount: 1 } },
    };
    const validateTransaction = vi.fn(async (id: string | number) => answers[String(id)] ?? { valid: false });
    const { a, b, store, matcher, onPaid, onReview } = await setup({ validateWith: { validateTransaction } });
    const r1 = await matcher.handle({
      account_id: 1,
      data_mutasi: [credit('no', a.total), credit('other', b.total)],
    });
    expect(r1.results.map((r) => [r.status, r.reason])).toEqual([
      ['review', 'not_validated'],
      ['review', 'not_validated'],
    ]);
    expect(onReview.mock.calls[0]?.[1]).toMatchObject({ reason: 'not_validated', orders: [{ id: 'A' }] });
    expect((await store.getOrder('A'))?.status).toBe('open');
    const r2 = await matcher.handle({
      account_id: 1,
      data_mutasi: [credit('ok', a.total), credit('bare', b.total), credit('u', 5)],
    });
    expect(r2.results.map((r) => r.status)).toEqual(['paid', 'paid', 'unmatched']);
    expect(onPaid).toHaveBeenCalledTimes(2);
    // Not asked for credits that will not be paid, nor for redeliveries.
    await matcher.handle({ account_id: 1, data_mutasi: [credit('ok', a.total)] });
    expect(validateTransaction.mock.calls.map(([id]) => id)).toEqual(['no', 'other', 'ok', 'bare']);
  });
  it('records nothing when the check fails to answer, so a redelivery pays', async () => {
    const validateTransaction = vi
      .fn()
      .mockRejectedValueOnce(new Error('timeout'))
      .mockResolvedValue({ valid: true });
    const { a, store, matcher, onPaid } = await setup({ validateWith: { validateTransaction } });
    const payload = { account_id: 1, data_mutasi: [credit('m1', a.total)] };
    await expect(matcher.handle(payload)).rejects.toThrow('timeout');
    expect(await store.getOutcome('1', 'm1')).toBeUndefined();
    expect((await matcher.handle(payload)).results[0]?.status).toBe('paid');
    expect(onPaid).toHaveBeenCalledTimes(1);
  });
});

describe('PaymentMatcher losing a claim', () => {
  it('decides again when the order was paid by someone else in between', async () => {
    // Another payer takes the order between our read and our claim.
    class RacingStore extends MemoryPaymentStore {
      isRaced = false;
      override async markPaid(record: OutcomeRecord) {
        if (!this.isRaced) {
          this.isRaced = true;
          await super.markPaid({ ...record, mutationId: 'someone-else' });
        }
        return super.markPaid(record);
      }
    }
    const racing = new RacingStore();
    const { a, matcher, onPaid, onReview } = await setup({}, racing);
    const result = await matcher.handle({ account_id: 1, data_mutasi: [credit('m1', a.total, 'ORDER-1')] });
    expect(result.results[0]).toMatchObject({ status: 'review', reason: 'order_closed' });
    expect(onPaid).not.toHaveBeenCalled();
    expect(onReview).toHaveBeenCalledTimes(1);
  });
  it('gives up with match_contention, recording nothing, if the state never settles', async () => {
    const inner = new MemoryPaymentStore();
    const { a, matcher } = await setup({}, inner);
    vi.spyOn(inner, 'markPaid').mockResolvedValue({ won: false, reason: 'order_not_open' });
    const error = await matcher
      .handle({ account_id: 1, data_mutasi: [credit('m1', a.total)] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentMatchingError);
    expect(error).toMatchObject({ code: 'match_contention' });
    expect(await inner.getOutcome('1', 'm1')).toBeUndefined();
  });
});
