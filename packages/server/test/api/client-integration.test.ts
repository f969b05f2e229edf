/**
 * The integration suite: the SDK's MutasibankClient against the real server over HTTP, every
 * method, on SQLite and (with PG_URL) PostgreSQL. What the client sends is exactly what the
 * hosted service expects (form vs JSON per the spec), so this also proves the server accepts
 * the spec's encodings.
 */
import {
  MutasibankAuthenticationError,
  MutasibankClient,
  MutasibankInvalidRequestError,
  MutasibankNotFoundError,
} from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(`MutasibankClient against the server (${label})`, () => {
    // 2025-01-10 14:30 WIB
    const clock = new ManualClock(Date.UTC(2025, 0, 10, 7, 30));
    let t: TestServer;
    let client: MutasibankClient;
    let accountId: number;

    beforeAll(async () => {
      t = await startTestServer({ clock, dialect });
      client = new MutasibankClient({ token: t.token, baseUrl: t.url, maxRetries: 0 });
    });
    afterAll(() => t.stop());

    it('getUser and getListBank', async () => {
      expect(await client.getUser()).toMatchObject({ name: 'Admin', email: 'admin@localhost', saldo: 0 });
      const banks = await client.getListBank();
      expect(banks.find((b) => b.module_name === 'simulator')).toMatchObject({ id: 100, is_active: 1 });
    });

    it('createAccount, getAccounts, getAccount, updateAccount', async () => {
      const created = await client.createAccount({
        bank_id: 100,
        account_name: 'PT Example',
        account_no: '1234567890',
        password_banking: 'hunter2',
      });
      accountId = Number(created.id);
      expect(created).toMatchObject({
        account_name: 'PT Example',
        account_no: '1234567890',
        module: 'simulator',
        balance: 0,
      });
      expect(JSON.stringify(created)).not.toContain('hunter2');
      expect((await client.getAccounts()).map((a) => a.id)).toEqual([accountId]);
      expect(
        await client.updateAccount(accountId, { note: 'via client', schedule_minutes: 30 }),
      ).toMatchObject({ error: false });
      expect(await client.getAccount(accountId)).toMatchObject({ note: 'via client', schedule_minutes: 30 });
    });

    it('toggleAccountStatus (form), toggleAccount (JSON), inputToken, rerunCheck, getLogBot', async () => {
      await client.toggleAccountStatus(accountId, false);
      expect((await client.getAccount(accountId)).is_active).toBe(0);
      await client.toggleAccount(accountId);
      expect((await client.getAccount(accountId)).is_active).toBe(1);
      expect(await client.inputToken(accountId, '11112222', '33334444')).toMatchObject({ error: false });
      expect(await t.server.store.accounts.credentials(accountId)).toMatchObject({
        token_1: '11112222',
        token_2: '33334444',
      });
      const rerun = await client.rerunCheck(accountId);
      expect(rerun.next_bot_process).toBe('2025-01-10 14:30:00');
      expect(await client.getLogBot(accountId)).toEqual([]);
    });

    it('getStatements (form, today and a range), iterateStatements over months', async () => {
      for (const [amount, when] of [
        [150123, '2025-01-10 09:00:00'],
        [75000, '2025-01-02 10:00:00'],
        [20000, '2024-11-15 08:00:00'],
      ] as const) {
        const r = await t.api('POST', `/simulator/${accountId}/mutations`, {
          body: { type: 'CR', amount, description: `TRSF ${amount}`, transaction_date: when },
        });
        expect(r.status, r.text).toBe(200);
      }
      const today = await client.getStatements(accountId);
      expect(today.data.map((m) => m.amount)).toEqual([150123]);
      expect(today).toMatchObject({
        account_name: 'PT Example',
        account_number: '1234567890',
        balance: 245123,
      });
      const range = await client.getStatements(accountId, '2025-01-01', new Date(Date.UTC(2025, 0, 10, 5)));
      expect(range.data.map((m) => m.amount)).toEqual([150123, 75000]);
      const chunks = [];
      for await (const c of client.iterateStatements(accountId, '2024-11-01', '2025-01-10')) chunks.push(c);
      expect(chunks.length).toBeGreaterThan(2);
      expect(chunks.flatMap((c) => c.result.data.map((m) => m.amount)).sort()).toEqual(
        [150123, 20000, 75000].sort(),
      );
      await expect(client.getStatements(accountId, '2024-01-01', '2025-01-10')).rejects.toBeInstanceOf(
        MutasibankInvalidRequestError,
      );
    });

    it('matchTransaction, matchTransactions, validateTransaction', async () => {
      const m = await client.matchTransaction(accountId, 150123);
      expect(m.valid).toBe(true);
      expect(m.data).toMatchObject({ amount: 150123, type: 'CR' });
      expect((await client.matchTransaction(accountId, 20000)).valid).toBe(false);
      expect((await client.matchTransaction(accountId, 20000, '2024-11-01', '2024-11-30')).valid).toBe(true);
      const all = await client.matchTransactions(accountId, 150123);
      expect(all.valid).toBe(true);
      expect(all.data).toHaveLength(1);
      // 2025-01-02 is outside the default window of the last 7 days (WIB)
      expect(await client.matchTransactions(accountId, 75000)).toMatchObject({ valid: false, data: [] });
      const v = await client.validateTransaction(m.data!.id);
      expect(v).toMatchObject({ valid: true, data: { id: m.data!.id } });
      expect((await client.validateTransaction('00000000-0000-4000-8000-000000000000')).valid).toBe(false);
    });

    it('createCategory, getCategories, getCategory, updateCategory, deleteCategory', async () => {
      const c = await client.createCategory('Penjualan', 'CR', 'sales');
      expect(c).toMatchObject({ category: 'Penjualan', type: 'CR', description: 'sales' });
      expect((await client.getCategories()).map((x) => x.category)).toEqual(['Penjualan']);
      await client.updateCategory(c.id, { name: 'Sales' });
      expect(await client.getCategory(c.id)).toMatchObject({ category: 'Sales' });
      await client.deleteCategory(c.id);
      await expect(client.getCategory(c.id)).rejects.toBeInstanceOf(MutasibankNotFoundError);
    });

    it('createWebhook (secret once), getWebhooks, getWebhook, updateWebhook, deleteWebhook', async () => {
      const w = await client.createWebhook('http://127.0.0.1:9/hook', accountId, 'orders');
      expect(w.secret).toMatch(/^[0-9a-f]{64}$/);
      const listed = await client.getWebhooks();
      expect(listed.map((x) => x.id)).toEqual([w.id]);
      expect(JSON.stringify(listed)).not.toContain(w.secret);
      expect(await client.getWebhook(w.id)).toMatchObject({
        url: 'http://127.0.0.1:9/hook',
        bank_account_id: accountId,
      });
      await client.updateWebhook(w.id, { description: 'renamed' });
      expect((await client.getWebhook(w.id)).description).toBe('renamed');
      await client.deleteWebhook(w.id);
      await expect(client.getWebhook(w.id)).rejects.toBeInstanceOf(MutasibankNotFoundError);
    });

    it('topupKredit (form): a unique total to transfer', async () => {
      const t1 = await client.topupKredit(50000, 1);
      const t2 = await client.topupKredit(50000, 1);
      expect(t1.total).toBe(t1.jumlah + t1.kode_unik);
      expect(t1.total).not.toBe(t2.total);
      expect(t1.payment).toMatchObject({ name: 'BCA' });
    });

    it('errors map to the right classes', async () => {
      await expect(client.getAccount(987654)).rejects.toBeInstanceOf(MutasibankNotFoundError);
      await expect(
        new MutasibankClient({ token: 'wrong-token', baseUrl: t.url }).getUser(),
      ).rejects.toBeInstanceOf(MutasibankAuthenticationError);
      await expect(client.getAccount('a/b c')).rejects.toBeInstanceOf(MutasibankInvalidRequestError);
    });

    it('deleteAccount', async () => {
      await client.deleteAccount(accountId);
      await expect(client.getAccount(accountId)).rejects.toBeInstanceOf(MutasibankNotFoundError);
    });
  });
}
