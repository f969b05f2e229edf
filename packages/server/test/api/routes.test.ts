import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(label, () => {
    // 2025-01-10 14:30:00 WIB
    const clock = new ManualClock(Date.UTC(2025, 0, 10, 7, 30));
    let t: TestServer;
    let accountId: number;

    beforeAll(async () => {
      t = await startTestServer({ clock, dialect });
      const r = await t.api('POST', '/account/create', {
        body: {
          bank_id: 100,
          account_name: 'PT Example',
          account_no: '123-456-7890',
          password_banking: 'hunter2',
          client_secret: 'cs',
        },
      });
      expect(r.status).toBe(200);
      accountId = (r.json.data as { id: number }).id;
    });
    afterAll(() => t.stop());

    async function simulate(body: Record<string, unknown>) {
      const r = await t.api('POST', `/simulator/${accountId}/mutations`, { body });
      expect(r.status, r.text).toBe(200);
      return r.json.data as { id: string; amount: number; balance: number; transaction_date: string };
    }

    describe('user and banks', () => {
      it('GET /user answers name, email, saldo', async () => {
        const r = await t.api('GET', '/user');
        expect(r.status).toBe(200);
        expect(r.json).toMatchObject({
          error: false,
          data: { name: 'Admin', email: 'admin@localhost', saldo: 0 },
        });
      });
      it('accepts the token raw and as Bearer', async () => {
        expect((await t.api('GET', '/user', { token: `Bearer ${t.token}` })).status).toBe(200);
        expect((await t.api('GET', '/user', { token: `bearer   ${t.token}  ` })).status).toBe(200);
      });
      it('GET /list_bank lists modules including the simulator', async () => {
        const r = await t.api('GET', '/list_bank');
        const banks = r.json.data as Array<Record<string, unknown>>;
        expect(banks.map((b) => b.module_name)).toEqual(
          expect.arrayContaining(['bca', 'bri', 'bni', 'mandiri', 'bsi', 'simulator']),
        );
        for (const b of banks)
          expect(Object.keys(b).sort()).toEqual([
            'bank_name',
            'id',
            'is_active',
            'is_maintenance',
            'module_name',
          ]);
      });
    });

    describe('accounts', () => {
      it('never returns banking credentials, only which are set', async () => {
        const r = await t.api('GET', `/account/${accountId}`);
        expect(r.text).not.toContain('hunter2');
        expect(r.json.data).toMatchObject({
          id: accountId,
          bank: 'Simulator (fake bank)',
          module: 'simulator',
          account_no: '1234567890',
          account_name: 'PT Example',
          balance: 0,
          is_active: 1,
          credentials_set: ['password_banking', 'client_secret'],
        });
        const list = await t.api('GET', '/accounts');
        expect(list.text).not.toContain('hunter2');
        expect((list.json.data as unknown[]).length).toBe(1);
      });
      it('stores credentials encrypted at rest', async () => {
        const row = await t.server.store.db
          .selectFrom('accounts')
          .selectAll()
          .where('id', '=', accountId)
          .executeTakeFirstOrThrow();
        expect(row.credentials_sealed).toMatch(/^v1\./);
        expect(row.credentials_sealed).not.toContain('hunter2');
        expect(await t.server.store.accounts.credentials(accountId)).toEqual({
          password_banking: 'hunter2',
          client_secret: 'cs',
        });
      });
      it('updates with JSON and with a form body', async () => {
        expect(
          (await t.api('PUT', `/account/${accountId}`, { body: { note: 'json note', schedule_minutes: 30 } }))
            .status,
        ).toBe(200);
        expect((await t.api('GET', `/account/${accountId}`)).json.data).toMatchObject({
          note: 'json note',
          schedule_minutes: 30,
        });
        expect(
          (await t.api('PUT', `/account/${accountId}`, { body: 'note=form+note&schedule_minutes=20' }))
            .status,
        ).toBe(200);
        expect((await t.api('GET', `/account/${accountId}`)).json.data).toMatchObject({
          note: 'form note',
          schedule_minutes: 20,
        });
      });
      it('on_off sets the state with status and flips it without', async () => {
        expect((await t.api('POST', `/on_off/${accountId}`, { body: 'status=0' })).json).toMatchObject({
          error: false,
          is_active: 0,
        });
        expect((await t.api('POST', `/on_off/${accountId}`)).json).toMatchObject({ is_active: 1 });
        expect((await t.api('POST', `/on_off/${accountId}`, { body: { status: 1 } })).json).toMatchObject({
          is_active: 1,
        });
        expect((await t.api('POST', `/account/${accountId}/toggle`, { body: {} })).json).toMatchObject({
          is_active: 0,
        });
        expect((await t.api('POST', `/account/${accountId}/toggle`)).json).toMatchObject({ is_active: 1 });
      });
      it('input_token stores the KeyBCA pair sealed', async () => {
        const r = await t.api('POST', `/input_token/${accountId}`, {
          body: 'token_1=55501234&token_2=55509876',
        });
        expect(r.status).toBe(200);
        expect(await t.server.store.accounts.credentials(accountId)).toMatchObject({
          token_1: '55501234',
          token_2: '55509876',
        });
        expect((await t.api('GET', `/account/${accountId}`)).text).not.toContain('55501234');
      });
      it('rerun answers with the next run time and log_bot with the runs', async () => {
        const r = await t.api('GET', `/rerun/${accountId}`);
        expect(r.status).toBe(200);
        expect(r.json.next_bot_process).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        const log = await t.api('GET', `/log_bot/${accountId}`);
        expect(log.status).toBe(200);
        expect(Array.isArray(log.json.data)).toBe(true);
      });
      it('rerun of a switched-off account is a 409', async () => {
        await t.api('POST', `/on_off/${accountId}`, { body: 'status=0' });
        const r = await t.api('GET', `/rerun/${accountId}`);
        expect(r.status).toBe(409);
        await t.api('POST', `/on_off/${accountId}`, { body: 'status=1' });
      });
      it('create and delete', async () => {
        const c = await t.api('POST', '/account/create', {
          body: 'bank_id=1&account_name=Temp&account_no=999000111',
        });
        expect(c.status, c.text).toBe(200);
        const id = (c.json.data as { id: number }).id;
        expect((await t.api('DELETE', `/account/${id}`)).status).toBe(200);
        expect((await t.api('GET', `/account/${id}`)).status).toBe(404);
        expect((await t.api('DELETE', `/account/${id}`)).status).toBe(404);
      });
      it('refuses an unknown bank_id', async () => {
        const r = await t.api('POST', '/account/create', {
          body: { bank_id: 12345, account_name: 'X', account_no: '123456' },
        });
        expect(r.status).toBe(400);
        expect(r.json.message).toContain('list_bank');
      });
    });

    describe('mutations', () => {
      it('records simulated mutations with a running balance and reads them back', async () => {
        const a = await simulate({
          type: 'CR',
          amount: 150123,
          description: 'TRSF E-BANKING CR ORDER-1 BUDI',
        });
        expect(a).toMatchObject({ amount: 150123, balance: 150123, transaction_date: '2025-01-10 14:30:00' });
        const b = await simulate({
          type: 'DB',
          amount: 23,
          description: 'BIAYA ADM',
          transaction_date: '2025-01-09 08:00:00',
        });
        expect(b.balance).toBe(150100);
        const acct = await t.api('GET', `/account/${accountId}`);
        expect((acct.json.data as { balance: number }).balance).toBe(150100);
      });
      it('statements without dates answer for today (WIB), with form, JSON and multipart bodies', async () => {
        const form = await t.api('POST', `/statements/${accountId}`);
        expect(form.json).toMatchObject({
          error: false,
          account_name: 'PT Example',
          account_number: '1234567890',
          date_from: '2025-01-10',
        });
        expect((form.json.data as unknown[]).length).toBe(1);
        const json = await t.api('POST', `/statements/${accountId}`, {
          body: { date_from: '2025-01-09', date_to: '2025-01-10' },
        });
        expect((json.json.data as Array<{ type: string }>).map((m) => m.type)).toEqual(['CR', 'DB']);
        const fd = new FormData();
        fd.set('date_from', '2025-01-09');
        fd.set('date_to', '2025-01-09');
        const res = await fetch(`${t.url}/statements/${accountId}`, {
          method: 'POST',
          headers: { authorization: t.token },
          body: fd,
        });
        const body = (await res.json()) as { data: Array<{ type: string }> };
        expect(res.status).toBe(200);
        expect(body.data.map((m) => m.type)).toEqual(['DB']);
      });
      it('statements page with limit/offset and refuse ranges over 31 days', async () => {
        const page = await t.api('POST', `/statements/${accountId}`, {
          body: 'date_from=2025-01-01&date_to=2025-01-10&limit=1',
        });
        expect(page.json).toMatchObject({ has_more: true });
        expect((page.json.data as unknown[]).length).toBe(1);
        const long = await t.api('POST', `/statements/${accountId}`, {
          body: 'date_from=2025-01-01&date_to=2025-03-01',
        });
        expect(long.status).toBe(400);
        expect(long.json.message).toContain('31 days');
        const reversed = await t.api('POST', `/statements/${accountId}`, {
          body: 'date_from=2025-01-10&date_to=2025-01-01',
        });
        expect(reversed.status).toBe(400);
        const impossible = await t.api('POST', `/statements/${accountId}`, { body: 'date_from=2025-02-30' });
        expect(impossible.status).toBe(400);
      });
      it('match finds the newest credit of the amount; matchs all; none is valid:false', async () => {
        await simulate({
          type: 'CR',
          amount: 150123,
          description: 'SECOND',
          transaction_date: '2025-01-08 10:00:00',
        });
        const m = await t.api('POST', `/match/${accountId}`, { body: 'amount=150123' });
        expect(m.json).toMatchObject({
          error: false,
          valid: true,
          data: { amount: 150123, description: 'TRSF E-BANKING CR ORDER-1 BUDI' },
        });
        const all = await t.api('POST', `/matchs/${accountId}`, { body: { amount: 150123 } });
        expect((all.json.data as unknown[]).length).toBe(2);
        const debit = await t.api('POST', `/match/${accountId}`, { body: 'amount=23' });
        expect(debit.json).toEqual({ error: false, valid: false, data: null });
        const windowed = await t.api('POST', `/matchs/${accountId}`, {
          body: 'amount=150123&date_from=2025-01-10&date_to=2025-01-10',
        });
        expect((windowed.json.data as unknown[]).length).toBe(1);
      });
      it('validate confirms a mutation of the caller and not an unknown id', async () => {
        const m = await simulate({ type: 'CR', amount: 77, description: 'VALIDATE ME' });
        expect((await t.api('GET', `/validate/${m.id}`)).json).toMatchObject({
          valid: true,
          data: { id: m.id },
        });
        expect((await t.api('GET', '/validate/00000000-0000-0000-0000-000000000000')).json).toMatchObject({
          valid: false,
          data: null,
        });
        expect((await t.api('GET', '/validate/12345')).json).toMatchObject({ valid: false });
      });
    });

    describe('categories', () => {
      it('create (JSON and form), list as `category`, update, delete', async () => {
        const c = await t.api('POST', '/category', {
          body: { name: 'Penjualan', type: 'CR', description: 'sales' },
        });
        expect(c.json.data).toMatchObject({ category: 'Penjualan', type: 'CR', description: 'sales' });
        const id = (c.json.data as { id: number }).id;
        const f = await t.api('POST', '/category', { body: 'name=Biaya&type=DB' });
        expect(f.status, f.text).toBe(200);
        expect((await t.api('GET', '/categories')).json.data).toEqual([
          { id, category: 'Penjualan', type: 'CR', description: 'sales' },
          expect.objectContaining({ category: 'Biaya', type: 'DB' }),
        ]);
        expect((await t.api('PUT', `/category/${id}`, { body: { name: 'Sales' } })).status).toBe(200);
        expect((await t.api('GET', `/category/${id}`)).json.data).toMatchObject({
          category: 'Sales',
          type: 'CR',
        });
        expect((await t.api('DELETE', `/category/${id}`)).status).toBe(200);
        expect((await t.api('GET', `/category/${id}`)).status).toBe(404);
      });
      it('refuses a type other than CR or DB', async () => {
        expect((await t.api('POST', '/category', { body: { name: 'X', type: 'XX' } })).status).toBe(400);
      });
    });

    describe('webhooks', () => {
      it('shows the secret once, at create, and never again', async () => {
        const c = await t.api('POST', '/webhook', {
          body: { url: 'http://127.0.0.1:9/hook', bank_account_id: accountId, description: 'orders' },
        });
        expect(c.status, c.text).toBe(200);
        const data = c.json.data as { id: number; secret: string };
        expect(data.secret).toMatch(/^[0-9a-f]{64}$/);
        const got = await t.api('GET', `/webhook/${data.id}`);
        expect(got.json.data).toMatchObject({
          id: data.id,
          url: 'http://127.0.0.1:9/hook',
          bank_account_id: accountId,
          is_active: 1,
        });
        expect(got.text).not.toContain(data.secret);
        expect((await t.api('GET', '/webhooks')).text).not.toContain(data.secret);
        const row = await t.server.store.db
          .selectFrom('webhooks')
          .selectAll()
          .where('id', '=', data.id)
          .executeTakeFirstOrThrow();
        expect(row.secret_sealed).not.toContain(data.secret);
        expect(
          (await t.api('PUT', `/webhook/${data.id}`, { body: { description: 'new', is_active: false } }))
            .status,
        ).toBe(200);
        expect((await t.api('GET', `/webhook/${data.id}`)).json.data).toMatchObject({
          description: 'new',
          is_active: 0,
        });
        expect((await t.api('DELETE', `/webhook/${data.id}`)).status).toBe(200);
        expect((await t.api('GET', `/webhook/${data.id}`)).status).toBe(404);
      });
      it('refuses an account that is not the caller', async () => {
        const r = await t.api('POST', '/webhook', {
          body: { url: 'http://127.0.0.1:9/x', bank_account_id: 9999 },
        });
        expect(r.status).toBe(422);
      });
    });

    describe('topup_kredit', () => {
      it('creates pending top-ups with distinct totals and transfer instructions', async () => {
        const totals = new Set<number>();
        for (let i = 0; i < 20; i++) {
          const r = await t.api('POST', '/topup_kredit', { body: 'jumlah=50000&payment_id=2' });
          expect(r.status, r.text).toBe(200);
          const d = r.json.data as {
            jumlah: number;
            kode_unik: number;
            total: number;
            payment: { name: string };
          };
          expect(d.total).toBe(d.jumlah + d.kode_unik);
          expect(d.kode_unik).toBeGreaterThanOrEqual(1);
          expect(d.kode_unik).toBeLessThanOrEqual(999);
          expect(d.payment.name).toBe('Mandiri');
          totals.add(d.total);
        }
        expect(totals.size).toBe(20);
      });
      it('refuses less than the minimum and unknown payment ids', async () => {
        expect((await t.api('POST', '/topup_kredit', { body: 'jumlah=9999&payment_id=1' })).status).toBe(400);
        const r = await t.api('POST', '/topup_kredit', { body: 'jumlah=10000&payment_id=7' });
        expect(r.status).toBe(400);
        expect(r.json.message).toContain('1 (BCA)');
      });
    });

    describe('service endpoints', () => {
      it('healthz and readyz need no token', async () => {
        const base = t.url.replace(/\/api\/v1$/, '');
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
        expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
      });
      it('serves an OpenAPI 3.1 document naming every route', async () => {
        const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as {
          openapi: string;
          paths: Record<string, unknown>;
        };
        expect(doc.openapi).toBe('3.1.0');
        for (const p of [
          '/user',
          '/list_bank',
          '/accounts',
          '/account/create',
          '/account/{id}',
          '/on_off/{id}',
          '/statements/{id}',
          '/match/{id}',
          '/matchs/{id}',
          '/validate/{txId}',
          '/categories',
          '/category',
          '/webhooks',
          '/webhook',
          '/topup_kredit',
        ]) {
          expect(Object.keys(doc.paths)).toContain(p);
        }
      });
      it('the simulator exists only in dev mode', async () => {
        const prod = await startTestServer({ dev: false });
        try {
          const r = await prod.api('POST', '/simulator/1/mutations', {
            body: { type: 'CR', amount: 1, description: 'x' },
          });
          expect(r.status).toBe(404);
          const w = await prod.api('POST', '/webhook', {
            body: { url: 'http://example.com/x', bank_account_id: 1 },
          });
          expect(w.status).toBe(400);
        } finally {
          await prod.stop();
        }
      });
    });
  });
}
