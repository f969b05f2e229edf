import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, startServer } from '../../src/index.js';
import { startTestServer, TEST_TOKEN } from '../helpers/test-server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('restart persistence', () => {
  it('data written before a stop is there after a start on the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutasibank-persist-'));
    dirs.push(dir);
    const first = await startTestServer({ dir });
    const a = await first.api('POST', '/account/create', {
      body: { bank_id: 100, account_name: 'Kept', account_no: '7778889990', password_banking: 'pw-123' },
    });
    const id = (a.json.data as { id: number }).id;
    const m = await first.api('POST', `/simulator/${id}/mutations`, {
      body: { type: 'CR', amount: 12345, description: 'KEEP ME' },
    });
    const w = await first.api('POST', '/webhook', {
      body: { url: 'http://127.0.0.1:9/k', bank_account_id: id },
    });
    await first.stop();

    const second = await startTestServer({ dir });
    try {
      expect(second.server.bootstrap).toBeUndefined();
      expect((await second.api('GET', `/account/${id}`)).json.data).toMatchObject({
        account_name: 'Kept',
        balance: 12345,
      });
      const mid = (m.json.data as { id: string }).id;
      expect((await second.api('GET', `/validate/${mid}`)).json).toMatchObject({
        valid: true,
        data: { description: 'KEEP ME' },
      });
      expect(await second.server.store.accounts.credentials(id)).toEqual({ password_banking: 'pw-123' });
      const wid = (w.json.data as { id: number }).id;
      expect((await second.api('GET', `/webhook/${wid}`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('first start on a fresh file creates the key file 0600 and a random token, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutasibank-fresh-'));
    dirs.push(dir);
    const config = loadConfig({}, { db: join(dir, 'm.db'), port: 0 });
    const s1 = await startServer(config, { logger: false });
    expect(s1.bootstrap?.token).toMatch(/^mbk_[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dir, 'm.db.key')).mode & 0o777).toBe(0o600);
    const token = s1.bootstrap!.token;
    await s1.close();
    const s2 = await startServer(config, { logger: false });
    try {
      expect(s2.bootstrap).toBeUndefined();
      const res = await fetch(`${s2.apiUrl}/user`, { headers: { authorization: token } });
      expect(res.status).toBe(200);
      const row = await s2.store.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(token);
    } finally {
      await s2.close();
    }
  });

  it('a supplied bootstrap token that is too short is refused with the setting named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutasibank-short-'));
    dirs.push(dir);
    const config = loadConfig({ MUTASIBANK_BOOTSTRAP_TOKEN: 'short' }, { db: join(dir, 'm.db'), port: 0 });
    await expect(startServer(config, { logger: false })).rejects.toThrow(
      /MUTASIBANK_BOOTSTRAP_TOKEN must be at least 16/,
    );
    expect(TEST_TOKEN.length).toBeGreaterThanOrEqual(16);
  });
});
