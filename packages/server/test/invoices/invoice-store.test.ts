/**
 * What the database itself enforces, checked with plain inserts and updates that bypass the
 * repository's logic: unique open totals and references, one payment per invoice and per
 * mutation, a paid invoice naming its mutation. Then the repository's guarded transitions.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { NewInvoice } from '../../src/store/invoices.js';
import type { Store } from '../../src/store/store.js';
import { type DialectStore, openDialectStore } from '../helpers/dialect-store.js';
import { DIALECTS } from '../helpers/dialects.js';

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(`invoice tables on ${label}`, () => {
    const clock = new ManualClock();
    let db: DialectStore;
    let store: Store;
    let userId: number;
    let accountId: number;
    let n = 0;

    const invoice = (over: Partial<NewInvoice> = {}): NewInvoice => {
      n += 1;
      return {
        account_id: accountId,
        amount: 100_000,
        unique_code: n,
        total: 100_000 + n,
        reference: `ORDER-${n}`,
        reference_key: `ORDER${n}`,
        description: null,
        valid_from: clock.now(),
        expires_at: clock.now() + 3_600_000,
        topup_user_id: null,
        ...over,
      };
    };
    const rawInsert = (values: NewInvoice, status = 'open') =>
      store.db
        .insertInto('invoices')
        .values({ ...values, status: status as 'open', created_at: 0, updated_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
    const mutation = async () => {
      const id = randomUUID();
      await store.db
        .insertInto('mutations')
        .values({
          id,
          account_id: accountId,
          fingerprint: id,
          transaction_date: '2025-01-10 14:30:00',
          description: 'x',
          type: 'CR',
          amount: 1,
          balance: 0,
          category_id: null,
          bank_reference: null,
          source: 'test',
          created_at: 0,
        })
        .execute();
      return id;
    };

    beforeAll(async () => {
      db = await openDialectStore(dialect, clock);
      store = db.store;
      userId = (await store.users.create({ name: 'U', email: 'u@example.test' })).id;
      accountId = (
        await store.accounts.create(
          userId,
          { bank_id: 100, module: 'simulator', account_name: 'A', account_no: '1' },
          {},
        )
      ).id;
    });
    afterAll(() => db.close());

    it('refuses a second open invoice with the same total, allows it once the first is closed', async () => {
      const first = invoice();
      const { id } = await rawInsert(first);
      await expect(rawInsert(invoice({ total: first.total }))).rejects.toThrow();
      await expect(rawInsert(invoice({ total: first.total }), 'review')).rejects.toThrow();
      await store.db.updateTable('invoices').set({ status: 'cancelled' }).where('id', '=', id).execute();
      await expect(rawInsert(invoice({ total: first.total }))).resolves.toBeDefined();
      await expect(rawInsert(invoice({ total: first.total }), 'expired')).resolves.toBeDefined();
    });

    it('refuses a second open invoice with the same reference key', async () => {
      const first = invoice();
      await rawInsert(first);
      await expect(rawInsert(invoice({ reference_key: first.reference_key }))).rejects.toThrow();
    });

    it('insertOpen says which one was taken, and never raises', async () => {
      const first = invoice();
      await store.invoices.insertOpen(first);
      expect(await store.invoices.insertOpen(invoice({ total: first.total }))).toBe('total_taken');
      expect(await store.invoices.insertOpen(invoice({ reference_key: first.reference_key }))).toBe(
        'reference_taken',
      );
    });

    it('a paid invoice must name its mutation, and only a paid one may', async () => {
      const { id } = await rawInsert(invoice());
      await expect(
        store.db.updateTable('invoices').set({ status: 'paid' }).where('id', '=', id).execute(),
      ).rejects.toThrow();
      const m = await mutation();
      await expect(
        store.db.updateTable('invoices').set({ paid_mutation_id: m }).where('id', '=', id).execute(),
      ).rejects.toThrow();
    });

    it('a mutation pays at most one invoice; an invoice is paid by at most one mutation', async () => {
      const m = await mutation();
      const a = await rawInsert(invoice());
      const b = await rawInsert(invoice());
      await store.db
        .updateTable('invoices')
        .set({ status: 'paid', paid_mutation_id: m })
        .where('id', '=', a.id)
        .execute();
      await expect(
        store.db
          .updateTable('invoices')
          .set({ status: 'paid', paid_mutation_id: m })
          .where('id', '=', b.id)
          .execute(),
      ).rejects.toThrow();

      const row = (mutationId: string, invoiceId: number | null, outcome: 'paid' | 'review') => ({
        mutation_id: mutationId,
        account_id: accountId,
        outcome,
        reason: outcome === 'review' ? 'underpaid' : null,
        invoice_id: invoiceId,
        invoice_ids: JSON.stringify([invoiceId ?? a.id]),
        created_at: 0,
        updated_at: 0,
      });
      await store.db
        .insertInto('invoice_matches')
        .values(row(m, a.id, 'paid'))
        .execute();
      await expect(
        store.db
          .insertInto('invoice_matches')
          .values(row(m, null, 'review'))
          .execute(),
      ).rejects.toThrow();
      await expect(
        store.db
          .insertInto('invoice_matches')
          .values(row(await mutation(), a.id, 'paid'))
          .execute(),
      ).rejects.toThrow();
      await expect(
        store.db
          .insertInto('invoice_matches')
          .values(row(await mutation(), null, 'paid'))
          .execute(),
      ).rejects.toThrow();
    });

    it('guarded transitions: paid once, expired once, cancelled only when open and owned', async () => {
      const [m1, m2] = [await mutation(), await mutation()];
      const row = await store.invoices.insertOpen(invoice());
      if (typeof row === 'string') throw new Error(row);
      const pay = (m: string) =>
        store.invoices.markPaid(store.db, row.id, {
          mutationId: m,
          status: 'paid',
          via: 'match',
          from: ['open'],
        });
      const [x, y] = await Promise.all([pay(m1), pay(m2)]);
      expect([x, y].filter(Boolean)).toHaveLength(1);
      expect(await store.invoices.cancel(userId, row.id)).toBeUndefined();

      const due = await store.invoices.insertOpen(invoice({ expires_at: clock.now() - 1 }));
      if (typeof due === 'string') throw new Error(due);
      const sweeps = await Promise.all([
        store.transaction((trx) => store.invoices.expireDue(trx, clock.now(), 100)),
        store.transaction((trx) => store.invoices.expireDue(trx, clock.now(), 100)),
      ]);
      expect(sweeps.flat().filter((r) => r.id === due.id)).toHaveLength(1);

      const open = await store.invoices.insertOpen(invoice());
      if (typeof open === 'string') throw new Error(open);
      const other = await store.users.create({ name: 'M', email: 'm@example.test' });
      expect(await store.invoices.cancel(other.id, open.id)).toBeUndefined();
      expect(await store.invoices.cancel(userId, open.id)).toMatchObject({ status: 'cancelled' });
    });
    it('deleting an account removes its paid invoices, their mutations and match records', async () => {
      const doomed = await store.accounts.create(
        userId,
        { bank_id: 100, module: 'simulator', account_name: 'D', account_no: '2' },
        {},
      );
      const m = randomUUID();
      await store.db
        .insertInto('mutations')
        .values({
          id: m,
          account_id: doomed.id,
          fingerprint: m,
          transaction_date: '2025-01-10 14:30:00',
          description: 'x',
          type: 'CR',
          amount: 1,
          balance: 0,
          category_id: null,
          bank_reference: null,
          source: 'test',
          created_at: 0,
        })
        .execute();
      const { id } = await rawInsert(invoice({ account_id: doomed.id }));
      await store.db
        .updateTable('invoices')
        .set({ status: 'paid', paid_mutation_id: m })
        .where('id', '=', id)
        .execute();
      await store.invoices.insertMatch(store.db, {
        mutation_id: m,
        account_id: doomed.id,
        outcome: 'paid',
        reason: null,
        invoice_id: id,
        invoice_ids: JSON.stringify([id]),
      });
      expect(await store.accounts.delete(userId, doomed.id)).toBe(true);
      expect(await store.invoices.getById(id)).toBeUndefined();
      expect(await store.invoices.getMatch(m)).toBeUndefined();
    });
  });
}
