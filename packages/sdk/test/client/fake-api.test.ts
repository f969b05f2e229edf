import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MutasibankAuthenticationError, MutasibankClient } from '../../src/index.js';
import { createFakeApiHandler, FAKE_API_FIXTURES } from '../helpers/fake-api.js';
import { type RecordingServer, startRecordingServer } from '../helpers/recording-server.js';

const TOKEN = 'fake-api-token';

describe('every client method against the fake API (hosted-service quirks included)', () => {
  let server: RecordingServer;
  let client: MutasibankClient;

  beforeAll(async () => {
    server = await startRecordingServer(createFakeApiHandler({ token: TOKEN }));
    client = new MutasibankClient({ token: TOKEN, baseUrl: `${server.url}/api/v1` });
  });
  afterAll(() => server.close());

  it('runs all 27 methods and normalises the string amounts', async () => {
    const [row] = FAKE_API_FIXTURES.mutations;
    expect((await client.getUser()).saldo).toBe(250_000);
    expect((await client.getListBank())[0]?.module_name).toBe('bca');
    expect((await client.getAccounts())[0]?.balance).toBe(5_000_000);
    expect((await client.getAccount(42)).balance).toBe(5_000_000);
    expect(
      (await client.createAccount({ bank_id: 1, account_name: 'PT B', account_no: '99' })).account_no,
    ).toBe('99');
    expect((await client.updateAccount(42, { note: 'x' })).message).toBe('Account updated');
    expect((await client.deleteAccount(42)).message).toBe('Account deleted');
    expect((await client.toggleAccountStatus(42, false)).message).toBe('Status changed');
    expect((await client.toggleAccount(42)).message).toBe('Account toggled');
    expect((await client.inputToken(42, '111111', '222222')).message).toBe('Token saved');
    expect((await client.rerunCheck(42)).next_bot_process).toBe('2025-01-10 14:31:00');
    expect(await client.getLogBot(42)).toHaveLength(1);
    const statements = await client.getStatements(42, '2025-01-01', '2025-01-31');
    expect(statements.data.map((m) => [m.amount, m.balance])).toEqual([
      [100_000, 5_000_000],
      [15_000, 0],
    ]);
    expect((await client.matchTransaction(42, 100_000)).data?.id).toBe(row.id);
    expect((await client.matchTransaction(42, 1)).data).toBeNull();
    expect((await client.matchTransactions(42, 15_000)).data).toHaveLength(1);
    expect((await client.validateTransaction(row.id)).valid).toBe(true);
    expect((await client.getCategories())[0]?.category).toBe('Sales');
    expect((await client.getCategory(7)).type).toBe('CR');
    expect((await client.createCategory('Fees', 'DB')).category).toBe('Fees');
    expect((await client.updateCategory(7, { description: 'd' })).message).toBe('Category updated');
    expect((await client.deleteCategory(7)).message).toBe('Category deleted');
    expect((await client.getWebhooks())[0]?.url).toBe(FAKE_API_FIXTURES.webhook.url);
    expect((await client.getWebhook(9)).bank_account_id).toBe(42);
    expect((await client.createWebhook('https://b.example/h', 42)).secret).toHaveLength(64);
    expect((await client.updateWebhook(9, { url: 'https://c.example/h' })).message).toBe('Webhook updated');
    expect((await client.deleteWebhook(9)).message).toBe('Webhook deleted');
    expect(await client.topupKredit(50_000, 2)).toMatchObject({
      jumlah: 50_000,
      kode_unik: 123,
      total: 50_123,
    });
    expect(
      new Set(server.requests.map((r) => `${r.method} ${r.path.replace(/\/[^/]*\d[^/]*$/, '/:id')}`)).size,
    ).toBe(27);
  });

  it('answers 401 to a wrong token', async () => {
    const stranger = new MutasibankClient({ token: 'wrong', baseUrl: `${server.url}/api/v1` });
    await expect(stranger.getUser()).rejects.toBeInstanceOf(MutasibankAuthenticationError);
  });
});
