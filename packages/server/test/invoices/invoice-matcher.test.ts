/**
 * The invoice matcher through the real ingest path, one outcome at a time, on SQLite and on
 * PostgreSQL: what the invoice records, what `invoice_matches` records, which events are enqueued.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type DialectStore, openDialectStore } from '../helpers/dialect-store.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createInvoiceFixture, type InvoiceFixture } from '../helpers/invoice-fixture.js';

const MINUTE = 60_000;

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(`invoice matcher on ${label}`, () => {
    const clock = new ManualClock();
    let db: DialectStore;
    let f: InvoiceFixture;

    beforeAll(async () => {
      db = await openDialectStore(dialect, clock);
    });
    afterAll(() => db.close());
    beforeEach(async () => {
      clock.set(Date.UTC(2025, 0, 10, 7, 30));
      f = await createInvoiceFixture(db.store, clock, { gracePeriodMs: 30 * MINUTE });
    });

    it('pays the invoice whose total arrives, once, with the mutation id and one invoice.paid event', async () => {
      const inv = await f.invoice(150_000, 'ORDER-7', 60 * MINUTE);
      expect(inv.total).toBe(150_000 + inv.unique_code);
      const at = clock.now() + 5 * MINUTE + 7_000;
      const r = await f.ingest([f.credit(inv.total, 'TRSF E-BANKING CR BUDI ORDER-7', at)]);
      const paid = await f.reload(inv.id);
      expect(paid).toMatchObject({ status: 'paid', paid_mutation_id: r.inserted[0]!.id, paid_via: 'match' });
      const events = await f.events('invoice.paid');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        event: 'invoice.paid',
        account_id: f.accountId,
        data: { id: inv.id, status: 'paid', total: inv.total, paid_mutation_id: r.inserted[0]!.id },
      });
      // The same statement read again stores nothing and pays nothing.
      expect(
        (await f.ingest([f.credit(inv.total, 'TRSF E-BANKING CR BUDI ORDER-7', at)])).inserted,
      ).toHaveLength(0);
      expect(await f.events('invoice.paid')).toHaveLength(1);
      // A second, different transfer of the same total pays nothing: the invoice is closed.
      const second = await f.ingest([f.credit(inv.total, 'TRSF E-BANKING CR SITI', at + MINUTE)]);
      expect((await f.reload(inv.id)).paid_mutation_id).toBe(r.inserted[0]!.id);
      expect(await f.store.invoices.getMatch(second.inserted[0]!.id)).toBeUndefined();
    });

    it('pays late within the grace period, sends late-after-grace to review', async () => {
      const a = await f.invoice(100_000, 'ORDER-A', 10 * MINUTE);
      const b = await f.invoice(100_000, 'ORDER-B', 10 * MINUTE);
      await f.ingest([
        f.credit(a.total, 'TRF A', clock.now() + 25 * MINUTE),
        f.credit(b.total, 'TRF B', clock.now() + 45 * MINUTE),
      ]);
      expect((await f.reload(a.id)).status).toBe('paid_late');
      expect(await f.reload(b.id)).toMatchObject({ status: 'review', review_reason: 'outside_window' });
    });

    it('reviews an underpayment (forgotten code) and still pays the exact transfer that follows', async () => {
      const inv = await f.invoice(150_000, 'ORDER-9');
      const under = await f.ingest([f.credit(150_000, 'TRF BUDI', clock.now() + MINUTE)]);
      const reviewed = await f.reload(inv.id);
      expect(reviewed).toMatchObject({
        status: 'review',
        review_reason: 'underpaid',
        review_mutation_id: under.inserted[0]!.id,
        review_difference: -inv.unique_code,
      });
      expect((await f.events('invoice.review')).map((e) => e.data.review_reason)).toEqual(['underpaid']);
      expect(await f.store.invoices.getMatch(under.inserted[0]!.id)).toMatchObject({
        outcome: 'review',
        reason: 'underpaid',
        invoice_id: null,
      });
      await f.ingest([f.credit(inv.total, 'TRF BUDI LAGI', clock.now() + 2 * MINUTE)]);
      expect((await f.reload(inv.id)).status).toBe('paid');
    });

    it('reviews an overpayment named by reference whatever the difference', async () => {
      const inv = await f.invoice(150_000, 'INV/2025/001');
      await f.ingest([f.credit(200_000, 'TRF INV-2025-001', clock.now() + MINUTE)]);
      expect(await f.reload(inv.id)).toMatchObject({
        status: 'review',
        review_reason: 'overpaid',
        review_difference: 200_000 - inv.total,
      });
    });

    it('sends a total that names another invoice to reference_conflict, paying neither', async () => {
      const a = await f.invoice(80_000, 'ORDER-1');
      const b = await f.invoice(90_000, 'ORDER-2');
      const r = await f.ingest([f.credit(a.total, 'PEMBAYARAN ORDER-2', clock.now() + MINUTE)]);
      for (const id of [a.id, b.id]) {
        expect(await f.reload(id)).toMatchObject({ status: 'review', review_reason: 'reference_conflict' });
      }
      expect(JSON.parse((await f.store.invoices.getMatch(r.inserted[0]!.id))!.invoice_ids).sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(await f.events('invoice.review')).toHaveLength(2);
      expect(await f.events('invoice.paid')).toHaveLength(0);
    });

    it('sends a second payment that names a paid invoice to review as order_closed', async () => {
      const inv = await f.invoice(70_000, 'ORDER-55');
      await f.ingest([f.credit(inv.total, 'ORDER-55', clock.now() + MINUTE)]);
      const again = await f.ingest([f.credit(inv.total, 'ORDER 55 LAGI', clock.now() + 2 * MINUTE)]);
      expect(await f.reload(inv.id)).toMatchObject({
        status: 'paid',
        review_reason: 'order_closed',
        review_mutation_id: again.inserted[0]!.id,
      });
    });

    it('ignores debits and credits before the window, and skips accounts without invoices', async () => {
      const inv = await f.invoice(60_000, 'ORDER-3');
      await f.ingest([
        { ...f.credit(inv.total, 'REFUND ORDER-3', clock.now() + MINUTE), type: 'DB' },
        f.credit(inv.total, 'EARLY', clock.now() - 5 * MINUTE),
      ]);
      expect((await f.reload(inv.id)).status).toBe('open');
      const other = await createInvoiceFixture(db.store, clock);
      const r = await other.ingest([other.credit(61_000, 'X', clock.now())]);
      expect(await other.store.invoices.getMatch(r.inserted[0]!.id)).toBeUndefined();
    });

    it('still pays an invoice the sweep expired when the transfer was made in time', async () => {
      const inv = await f.invoice(120_000, 'ORDER-77', 10 * MINUTE);
      const madeAt = clock.now() + 5 * MINUTE;
      clock.advance(60 * MINUTE);
      // The store is shared with the other tests: their overdue invoices expire in the same sweep.
      expect(await f.sweeper.sweep()).toBeGreaterThanOrEqual(1);
      expect(await f.reload(inv.id)).toMatchObject({ status: 'expired' });
      expect(await f.sweeper.sweep()).toBe(0);
      expect((await f.events('invoice.expired')).map((e) => e.data.id)).toEqual([inv.id]);
      await f.ingest([f.credit(inv.total, 'LATE POSTING', madeAt)]);
      expect(await f.reload(inv.id)).toMatchObject({ status: 'paid', paid_via: 'match' });
    });

    it('expires only after the grace period, keeping the total reserved until then', async () => {
      const inv = await f.invoice(130_000, 'ORDER-78', 10 * MINUTE);
      clock.advance(20 * MINUTE);
      await f.sweeper.sweep();
      expect((await f.reload(inv.id)).status).toBe('open');
      clock.advance(20 * MINUTE);
      await f.sweeper.sweep();
      expect((await f.reload(inv.id)).status).toBe('expired');
      expect(await f.events('invoice.expired')).toHaveLength(1);
    });

    it('raises the saldo of a top-up once, however often its transfer is read', async () => {
      const user = await f.store.users.create({ name: 'Buyer', email: `buyer-${f.accountId}@example.test` });
      await f.store.billingAccounts.bind(90 + f.accountId, f.accountId);
      const topup = await f.service.createTopup({
        userId: user.id,
        payment: { id: 90 + f.accountId, name: 'BCA', account_number: '1', account_name: 'Op' },
        amount: 50_000,
        ttlMs: 60 * MINUTE,
      });
      expect(topup).toMatchObject({ account_id: f.accountId, amount: 50_000, topup_user_id: user.id });
      expect(topup.reference).toMatch(/^TOPUP-[0-9A-F]{8}$/);
      const row = f.credit(topup.total, 'SETORAN', clock.now() + MINUTE);
      await f.ingest([row]);
      await f.ingest([row]);
      await f.ingest([f.credit(topup.total, 'SETORAN LAGI', clock.now() + 2 * MINUTE)]);
      expect((await f.store.users.get(user.id))!.saldo).toBe(50_000);
      expect((await f.reload(topup.id)).status).toBe('paid');
    });
  });
}
