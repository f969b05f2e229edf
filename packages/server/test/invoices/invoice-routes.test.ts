/**
 * The invoice routes over real HTTP on SQLite and PostgreSQL: validation, tenant scoping,
 * listing, cancel, settle, unmatched credits, and the end-to-end path through the dev simulator
 * (invoice created, transfer of `total` simulated, API shows it paid, the outbox holds the
 * `invoice.paid` message for the account's webhook).
 */
import { formatWibDateTime } from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const MINUTE = 60_000;

interface Invoice {
  id: number;
  account_id: number;
  amount: number;
  unique_code: number;
  total: number;
  reference: string;
  status: string;
  paid_mutation_id: string | null;
  paid_via: string | null;
  review_reason: string | null;
  expires_at: string;
}

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(`invoice routes on ${label}`, () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 10, 7, 30));
    let t: TestServer;
    let accountId: number;
    let other: string;
    let otherAccountId: number;
    let webhookId: number;
    let refs = 0;

    const ref = () => `ORDER-${++refs}`;
    async function create(body: Record<string, unknown>, token?: string) {
      return t.api('POST', '/invoices', {
        body: { account_id: accountId, ...body },
        ...(token && { token }),
      });
    }
    async function createOk(amount: number, extra: Record<string, unknown> = {}): Promise<Invoice> {
      const r = await create({ amount, reference: ref(), ...extra });
      expect(r.status, r.text).toBe(200);
      return r.json.data as Invoice;
    }
    async function simulate(amount: number, description: string, account = accountId) {
      const r = await t.api('POST', `/simulator/${account}/mutations`, {
        body: { type: 'CR', amount, description, transaction_date: formatWibDateTime(new Date(clock.now())) },
      });
      expect(r.status, r.text).toBe(200);
      return r.json.data as { id: string };
    }

    beforeAll(async () => {
      t = await startTestServer({ clock, dialect });
      const a = await t.api('POST', '/account/create', {
        body: { bank_id: 100, account_name: 'Shop', account_no: '1234567890' },
      });
      accountId = (a.json.data as { id: number }).id;
      const w = await t.api('POST', '/webhook', {
        body: { url: 'http://127.0.0.1:9/hook', bank_account_id: accountId },
      });
      webhookId = (w.json.data as { id: number }).id;
      other = await t.newUser('Mallory');
      const b = await t.api('POST', '/account/create', {
        body: { bank_id: 100, account_name: 'Mallory', account_no: '999' },
        token: other,
      });
      otherAccountId = (b.json.data as { id: number }).id;
    });
    afterAll(() => t.stop());

    describe('POST /invoices', () => {
      it('answers the invoice with its unique code and total, valid for the default window', async () => {
        const r = await create({ amount: 150_000, reference: 'ORDER-A1', description: 'Kaos hitam' });
        expect(r.status, r.text).toBe(200);
        const inv = r.json.data as Invoice;
        expect(inv).toMatchObject({
          account_id: accountId,
          amount: 150_000,
          reference: 'ORDER-A1',
          status: 'open',
          paid_mutation_id: null,
          description: 'Kaos hitam',
        });
        expect(inv.total).toBe(inv.amount + inv.unique_code);
        expect(inv.unique_code).toBeGreaterThanOrEqual(1);
        expect(inv.unique_code).toBeLessThanOrEqual(999);
        expect(inv.expires_at).toBe(formatWibDateTime(new Date(clock.now() + 24 * 60 * MINUTE)));
      });
      it('accepts form bodies and an explicit expires_at (WIB or ISO with a zone)', async () => {
        const form = await t.api('POST', '/invoices', {
          body: `account_id=${accountId}&amount=20000&reference=${ref()}&expires_at=2025-01-10 18:00:00`,
        });
        expect(form.status, form.text).toBe(200);
        expect((form.json.data as Invoice).expires_at).toBe('2025-01-10 18:00:00');
        const iso = await createOk(20_000, { expires_at: '2025-01-10T12:00:00Z' });
        expect(iso.expires_at).toBe('2025-01-10 19:00:00');
      });
      it('refuses invalid input with 400 and names the field', async () => {
        const cases: Array<[Record<string, unknown>, RegExp]> = [
          [{ amount: 0, reference: 'ORDER-X' }, /amount/],
          [{ amount: 1.5, reference: 'ORDER-X' }, /amount/],
          [{ amount: '1000', reference: 'ORDER-X' }, /amount/],
          [{ amount: 1000 }, /reference/],
          [{ amount: 1000, reference: '---' }, /reference/],
          [{ amount: 1000, reference: 'ORDER-X', expires_at: 'tomorrow' }, /expires_at/],
          [{ amount: 1000, reference: 'ORDER-X', expires_at: '2025-01-10 10:00:00' }, /future/],
        ];
        for (const [body, message] of cases) {
          const r = await create(body);
          expect(r.status, JSON.stringify(body)).toBe(400);
          expect(r.json).toMatchObject({ error: true, code: 'validation_failed' });
          expect(String(r.json.message)).toMatch(message);
        }
        expect((await t.api('POST', '/invoices', { body: { amount: 1000, reference: 'X1' } })).status).toBe(
          400,
        );
      });
      it("answers 404 for another user's account", async () => {
        const r = await create({ account_id: otherAccountId, amount: 1000, reference: 'ORDER-X' });
        expect(r.status).toBe(404);
        expect((await create({ amount: 1000, reference: 'ORDER-X' }, other)).status).toBe(404);
      });
      it('answers 409 reference_in_use for a reference an open invoice holds, normalised', async () => {
        await createOk(30_000, { reference: 'INV/2025/777' });
        const r = await create({ amount: 40_000, reference: 'inv-2025-777' });
        expect(r.status).toBe(409);
        expect(r.json.code).toBe('reference_in_use');
      });
    });

    describe('GET /invoices, GET /invoice/{id}', () => {
      it('lists newest first, filters by status and reference, and pages', async () => {
        const made = [await createOk(11_000), await createOk(12_000), await createOk(13_000)];
        const page1 = await t.api('GET', `/invoices?account_id=${accountId}&status=open&limit=2`);
        expect(page1.status, page1.text).toBe(200);
        expect(page1.json.has_more).toBe(true);
        const ids = (page1.json.data as Invoice[]).map((i) => i.id);
        expect(ids).toEqual([made[2]!.id, made[1]!.id]);
        const page2 = await t.api('GET', `/invoices?account_id=${accountId}&status=open&limit=2&offset=2`);
        expect((page2.json.data as Invoice[])[0]!.id).toBe(made[0]!.id);
        const byRef = await t.api(
          'GET',
          `/invoices?reference=${encodeURIComponent(made[1]!.reference.toLowerCase())}`,
        );
        expect((byRef.json.data as Invoice[]).map((i) => i.id)).toEqual([made[1]!.id]);
        expect((await t.api('GET', '/invoices?status=bogus')).status).toBe(400);
        expect((await t.api('GET', '/invoices?limit=0')).status).toBe(400);
      });
      it("shows another user's invoice and account as missing", async () => {
        const inv = await createOk(14_000);
        expect((await t.api('GET', `/invoice/${inv.id}`)).json.data).toMatchObject({ id: inv.id });
        for (const path of [`/invoice/${inv.id}`, '/invoice/987654']) {
          const r = await t.api('GET', path, { token: other });
          expect(r.status).toBe(404);
          expect(r.json.message).toBe('invoice not found');
        }
        expect((await t.api('GET', '/invoices', { token: other })).json.data).toEqual([]);
        expect((await t.api('GET', `/invoices?account_id=${accountId}`, { token: other })).status).toBe(404);
        expect((await t.api('POST', `/invoice/${inv.id}/cancel`, { token: other })).status).toBe(404);
        const settle = await t.api('POST', `/invoice/${inv.id}/settle`, {
          body: { mutation_id: 'x' },
          token: other,
        });
        expect(settle.status).toBe(404);
        expect(settle.json.message).toBe('invoice not found');
        expect(
          (await t.api('GET', `/mutations/unmatched?account_id=${accountId}`, { token: other })).status,
        ).toBe(404);
      });
    });

    describe('POST /invoice/{id}/cancel', () => {
      it('cancels an open invoice once and frees its total', async () => {
        // Far from every other invoice's total, so the transfer below is not an under/overpayment.
        const inv = await createOk(777_000);
        const r = await t.api('POST', `/invoice/${inv.id}/cancel`);
        expect(r.status, r.text).toBe(200);
        expect(r.json.data).toMatchObject({ id: inv.id, status: 'cancelled' });
        const again = await t.api('POST', `/invoice/${inv.id}/cancel`);
        expect(again.status).toBe(409);
        expect(again.json.code).toBe('invoice_not_open');
        // A transfer of the cancelled total pays nothing and is listed as unmatched.
        const m = await simulate(inv.total, 'TRF TANPA KETERANGAN');
        expect((await t.api('GET', `/invoice/${inv.id}`)).json.data).toMatchObject({ status: 'cancelled' });
        const unmatched = await t.api('GET', `/mutations/unmatched?account_id=${accountId}&limit=1000`);
        expect((unmatched.json.data as Array<{ id: string }>).map((x) => x.id)).toContain(m.id);
      });
    });

    describe('end to end through the simulator', () => {
      it('a transfer of total pays the invoice; the outbox holds invoice.paid for the webhook', async () => {
        const inv = await createOk(250_000, { reference: 'ORDER-E2E' });
        clock.advance(2 * MINUTE);
        const m = await simulate(inv.total, 'TRSF E-BANKING CR 1001/FTSCY/WS95271 ORDER-E2E BUDI');
        const shown = await t.api('GET', `/invoice/${inv.id}`);
        expect(shown.json.data).toMatchObject({
          status: 'paid',
          paid_mutation_id: m.id,
          paid_via: 'match',
          paid_at: formatWibDateTime(new Date(clock.now())),
        });
        const messages = await t.server.store.db
          .selectFrom('outbox_messages')
          .selectAll()
          .where('kind', '=', 'invoice.paid')
          .where('account_id', '=', accountId)
          .execute();
        expect(messages).toHaveLength(1);
        expect(messages[0]!.endpoint_id).toBe(webhookId);
        const envelope = JSON.parse(messages[0]!.payload) as Record<string, unknown>;
        expect(Object.keys(envelope)).toEqual(['event', 'id', 'created_at', 'account_id', 'data']);
        expect(envelope).toMatchObject({
          event: 'invoice.paid',
          account_id: accountId,
          created_at: formatWibDateTime(new Date(clock.now())),
          data: shown.json.data as Record<string, unknown>,
        });
        expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
        // The credit paid something: it is not listed as unmatched.
        const unmatched = await t.api('GET', `/mutations/unmatched?account_id=${accountId}&limit=1000`);
        expect((unmatched.json.data as Array<{ id: string }>).map((x) => x.id)).not.toContain(m.id);
      });
      it('an underpayment goes to review with an invoice.review message', async () => {
        const inv = await createOk(300_000);
        await simulate(300_000, 'TRF LUPA KODE');
        expect((await t.api('GET', `/invoice/${inv.id}`)).json.data).toMatchObject({
          status: 'review',
          review_reason: 'underpaid',
        });
        const rows = await t.server.store.db
          .selectFrom('outbox_messages')
          .select('payload')
          .where('kind', '=', 'invoice.review')
          .execute();
        expect(rows.map((r) => (JSON.parse(r.payload) as { data: { id: number } }).data.id)).toContain(
          inv.id,
        );
        const listed = await t.api('GET', '/invoices?status=review');
        expect((listed.json.data as Invoice[]).map((i) => i.id)).toContain(inv.id);
      });
    });

    describe('POST /invoice/{id}/settle and GET /mutations/unmatched', () => {
      it('settles an invoice with an unmatched credit, once', async () => {
        const inv = await createOk(400_000);
        const m = await simulate(123_456, 'TRANSFER TANPA KODE');
        const listed = await t.api('GET', `/mutations/unmatched?account_id=${accountId}&limit=1`);
        expect(listed.status, listed.text).toBe(200);
        expect((listed.json.data as Array<{ id: string; type: string }>)[0]).toMatchObject({
          id: m.id,
          type: 'CR',
        });
        const r = await t.api('POST', `/invoice/${inv.id}/settle`, { body: { mutation_id: m.id } });
        expect(r.status, r.text).toBe(200);
        expect(r.json.data).toMatchObject({ status: 'paid', paid_mutation_id: m.id, paid_via: 'settle' });
        const again = await t.api('POST', `/invoice/${inv.id}/settle`, { body: { mutation_id: m.id } });
        expect(again.status).toBe(409);
        const another = await createOk(400_000);
        const reuse = await t.api('POST', `/invoice/${another.id}/settle`, { body: { mutation_id: m.id } });
        expect(reuse.status).toBe(409);
        expect(reuse.json.code).toBe('mutation_already_matched');
        const after = await t.api('GET', `/mutations/unmatched?account_id=${accountId}&limit=1000`);
        expect((after.json.data as Array<{ id: string }>).map((x) => x.id)).not.toContain(m.id);
      });
      it('settles with a credit in review; refuses debits, other accounts and foreign mutations', async () => {
        const inv = await createOk(500_000);
        const under = await simulate(500_000, 'KURANG KODE');
        expect((await t.api('GET', `/invoice/${inv.id}`)).json.data).toMatchObject({ status: 'review' });
        const r = await t.api('POST', `/invoice/${inv.id}/settle`, { body: { mutation_id: under.id } });
        expect(r.status, r.text).toBe(200);
        expect(r.json.data).toMatchObject({ status: 'paid', paid_mutation_id: under.id });

        const target = await createOk(510_000);
        const debit = await t.api('POST', `/simulator/${accountId}/mutations`, {
          body: { type: 'DB', amount: 1000, description: 'BIAYA' },
        });
        const debitId = (debit.json.data as { id: string }).id;
        expect(
          (await t.api('POST', `/invoice/${target.id}/settle`, { body: { mutation_id: debitId } })).status,
        ).toBe(422);
        const foreign = await t.api('POST', `/simulator/${otherAccountId}/mutations`, {
          body: { type: 'CR', amount: 1000, description: 'X' },
          token: other,
        });
        const foreignId = (foreign.json.data as { id: string }).id;
        const refused = await t.api('POST', `/invoice/${target.id}/settle`, {
          body: { mutation_id: foreignId },
        });
        expect(refused.status).toBe(404);
        expect(refused.json.message).toBe('mutation not found');
        const cancelled = await createOk(520_000);
        await t.api('POST', `/invoice/${cancelled.id}/cancel`);
        const m = await simulate(777, 'Y');
        const closed = await t.api('POST', `/invoice/${cancelled.id}/settle`, {
          body: { mutation_id: m.id },
        });
        expect(closed.status).toBe(409);
        expect(closed.json.code).toBe('invoice_not_open');
      });
    });

    it('the OpenAPI document names the invoice routes', async () => {
      const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      for (const p of [
        '/invoices',
        '/invoice/{id}',
        '/invoice/{id}/cancel',
        '/invoice/{id}/settle',
        '/mutations/unmatched',
      ]) {
        expect(Object.keys(doc.paths)).toContain(p);
      }
    });

    describe('topup_kredit on the invoice engine', () => {
      it('keeps the response shape, and its transfer raises the saldo once', async () => {
        const buyer = await t.newUser('Buyer');
        const r = await t.api('POST', '/topup_kredit', { body: 'jumlah=50000&payment_id=1', token: buyer });
        expect(r.status, r.text).toBe(200);
        const d = r.json.data as Record<string, unknown> & { total: number; kode_unik: number };
        expect(Object.keys(d).sort()).toEqual(
          ['expires_at', 'jumlah', 'kode_unik', 'payment', 'status', 'total', 'trans_id'].sort(),
        );
        expect(d).toMatchObject({
          jumlah: 50_000,
          status: 'pending',
          payment: {
            id: 1,
            name: 'BCA',
            account_number: '0000000001',
            account_name: 'Mutasibank Self-Hosted',
          },
        });
        expect(d.total).toBe(50_000 + d.kode_unik);
        // The billing account was created for the operator (the first user), inactive.
        const billing = (await t.server.store.billingAccounts.accountFor(1))!;
        expect(await t.api('GET', `/account/${billing}`)).toMatchObject({
          status: 200,
          json: { data: { account_no: '0000000001', is_active: 0, module: 'bca' } },
        });
        // The operator's statement brings the transfer; read twice, plus a second transfer.
        await simulate(d.total, 'SETORAN TUNAI', billing);
        await simulate(d.total, 'SETORAN TUNAI LAGI', billing);
        const user = await t.api('GET', '/user', { token: buyer });
        expect(user.json.data).toMatchObject({ saldo: 50_000 });
        const inv = await t.api('GET', `/invoices?account_id=${billing}&reference=${String(d.trans_id)}`);
        expect((inv.json.data as Invoice[])[0]).toMatchObject({ status: 'paid', reference: d.trans_id });
      });
    });
  });
}
