import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedAddress } from '../../src/dispatch/ssrf-guard.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

// A resolver the test controls: what each name resolves to right now.
const dns = new Map<string, ResolvedAddress[]>();
let t: TestServer;
let accountId: number;

beforeAll(async () => {
  t = await startTestServer({
    dev: false,
    start: {
      resolve: async (host) => {
        const found = dns.get(host);
        if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        return found;
      },
      dispatch: { retryDelaysMs: [10_000], pollIntervalMs: 50 },
    },
  });
  const a = await t.api('POST', '/account/create', {
    body: { bank_id: 100, account_name: 'A', account_no: '5556667778' },
  });
  accountId = (a.json.data as { id: number }).id;
});
afterAll(() => t.stop());

describe('SSRF guard outside dev mode', () => {
  const refused = [
    'http://hooks.example.com/x',
    'https://127.0.0.1/x',
    'https://localhost/x',
    'https://app.localhost/x',
    'https://10.1.2.3/x',
    'https://192.168.1.10/x',
    'https://172.16.0.1/x',
    'https://100.64.0.1/x',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://[::ffff:7f00:1]/x',
    'https://[fe80::1]/x',
    'https://[fd00::1]/x',
    'https://2130706433/x',
    'https://0x7f.1/x',
    'https://0177.0.0.1/x',
    'https://127.1/x',
    'https://0/x',
    'https://user:pass@hooks.example.com/x',
    'https://rebind.example.test/x',
  ];
  for (const url of refused) {
    it(`refuses ${url}`, async () => {
      dns.set('rebind.example.test', [{ address: '127.0.0.1', family: 4 }]);
      const r = await t.api('POST', '/webhook', { body: { url, bank_account_id: accountId } });
      expect(r.status, r.text).toBe(400);
      expect(r.json.error).toBe(true);
      const cb = await t.api('PUT', `/account/${accountId}`, { body: { url_callback: url } });
      expect(cb.status, cb.text).toBe(400);
    });
  }

  it('refuses a name with one public and one private address', async () => {
    dns.set('mixed.example.test', [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ]);
    const r = await t.api('POST', '/webhook', {
      body: { url: 'https://mixed.example.test/x', bank_account_id: accountId },
    });
    expect(r.status).toBe(400);
  });

  it('accepts a public https URL, and refuses at connect time when the name rebinds to 127.0.0.1', async () => {
    dns.set('hooks.example.test', [{ address: '93.184.216.34', family: 4 }]);
    const r = await t.api('POST', '/webhook', {
      body: { url: 'https://hooks.example.test/x', bank_account_id: accountId },
    });
    expect(r.status, r.text).toBe(200);
    const id = (r.json.data as { id: number }).id;
    dns.set('hooks.example.test', [{ address: '127.0.0.1', family: 4 }]);
    // no simulator outside dev mode: feed the ingest path directly
    await t.server.ingestor.ingest({
      accountId,
      source: 'test',
      rows: [
        { transactionDate: '2025-01-10 10:00:00', description: 'X', type: 'CR', amount: 1000, balance: null },
      ],
    });
    let log: Array<{ kind: string; outcome: string }> = [];
    for (let i = 0; i < 200 && log.length === 0; i++) {
      await new Promise((res) => setTimeout(res, 10));
      const d = await t.api('GET', `/webhook/${id}/deliveries`);
      log = (d.json.data as Array<{ attempt_log: typeof log }>)[0]?.attempt_log ?? [];
    }
    expect(log[0]).toMatchObject({ kind: 'blocked', outcome: 'failed' });
  });
});
