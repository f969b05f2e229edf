/**
 * `mutasibank import`, the built CLI in a child process: into a local SQLite database and through
 * a real server on 127.0.0.1, with the per-file summaries, dry runs and exit codes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openConfiguredStore, type Store } from '@mutasibank/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BNI_SAMPLE,
  BRI_SAMPLE,
  KLIKBCA_FOOTER_MISMATCH_TEXT,
  KLIKBCA_SAMPLE,
} from '../../server/test/helpers/statement-samples.js';
import { startTestServer, TEST_KEY, type TestServer } from '../../server/test/helpers/test-server.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mutasibank-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = {
  klikbca: join(dir, 'klikbca.csv'),
  mismatch: join(dir, 'klikbca-mismatch.csv'),
  bri: join(dir, 'bri.csv'),
  bni: join(dir, 'bni.csv'),
  notes: join(dir, 'notes.txt'),
};
writeFileSync(files.klikbca, KLIKBCA_SAMPLE.text);
writeFileSync(files.mismatch, KLIKBCA_FOOTER_MISMATCH_TEXT);
writeFileSync(files.bri, BRI_SAMPLE.text);
writeFileSync(files.bni, BNI_SAMPLE.text);
writeFileSync(files.notes, 'shopping list\nrice, eggs\n');

const env = { MUTASIBANK_SECRET_KEY: TEST_KEY };

async function countRows(store: Store, accountId: number): Promise<number> {
  const row = await store.db
    .selectFrom('mutations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('mutasibank import into the local database', () => {
  const db = join(dir, 'local.db');
  let store: Store;
  let bca: number;
  let bri: number;

  beforeAll(async () => {
    store = (await openConfiguredStore(loadConfig(env, { db }))).store;
    const user = await store.users.create({ name: 'Budi', email: 'budi@example.test' });
    const account = (no: string) =>
      store.accounts.create(user.id, { bank_id: 1, module: 'bca', account_name: 'Budi', account_no: no }, {});
    bca = (await account('0123456789')).id;
    bri = (await account('034101000123307')).id;
  });
  afterAll(() => store.close());

  it('imports each file whole, prints a summary per file, and stores nothing twice', async () => {
    const first = await runCli(['import', '--account', String(bca), '--db', db, files.klikbca, files.bni], {
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${files.klikbca}: KlikBCA (individual) (klikbca/id), 16 lines\n`);
    expect(first.stdout).toContain(
      '  read 4, new 4, duplicate 0, pending 1 (PEND rows, skipped), rejected 0\n  footer: ok\n  stored 4 new rows\n',
    );
    expect(first.stdout).toContain(`${files.bni}: BNI rekening koran`);
    expect(first.stdout).toContain('  stored 3 new rows\n');
    expect(await countRows(store, bca)).toBe(7);

    const again = await runCli(['import', '--account', String(bca), '--db', db, files.klikbca], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('read 4, new 0, duplicate 4');
    expect(await countRows(store, bca)).toBe(7);
  });

  it('refuses a file that fails its check with exit 1, still importing the others; --partial stores it', async () => {
    const fresh = (
      await store.accounts.create(
        1,
        { bank_id: 1, module: 'bca', account_name: 'X', account_no: '0123456789' },
        {},
      )
    ).id;
    const r = await runCli(
      ['import', '--account', String(fresh), '--db', db, files.mismatch, files.klikbca],
      { env },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('footer: MISMATCH: Saldo Awal Rp 1.000.000,00');
    expect(r.stdout).toContain(
      'REFUSED: the file did not pass its check; nothing was stored (--partial stores the 4 rows that were read)',
    );
    expect(r.stdout).toContain('  stored 4 new rows\n');
    expect(await countRows(store, fresh)).toBe(4);

    const rejected = await runCli(['import', '--account', String(bri), '--db', db, files.bri], { env });
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain(
      '  line 4: SALDO_AWAL_MUTASI Rp 1.244.500,00 + Rp 100.000,00 is Rp 1.344.500,00, but SALDO_AKHIR_MUTASI says Rp 1.344.501,00\n',
    );
    expect(await countRows(store, bri)).toBe(0);
    const partial = await runCli(['import', '--account', String(bri), '--db', db, '--partial', files.bri], {
      env,
    });
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain('stored 2 new rows (partial import: the file did not pass its check)');
    expect(await countRows(store, bri)).toBe(2);
  });

  it('--dry-run stores nothing; --json prints one line per file', async () => {
    const fresh = (
      await store.accounts.create(
        1,
        { bank_id: 1, module: 'bca', account_name: 'Y', account_no: '0123456789' },
        {},
      )
    ).id;
    const r = await runCli(
      ['import', '--account', String(fresh), '--db', db, '--dry-run', '--json', files.klikbca],
      {
        env,
      },
    );
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout) as { file: string; summary: Record<string, unknown> };
    expect(line.file).toBe(files.klikbca);
    expect(line.summary).toMatchObject({ new: 4, dry_run: true, committed: false, file_name: 'klikbca.csv' });
    expect(await countRows(store, fresh)).toBe(0);
  });

  it('exit 1 for a file that is no statement or names another account; exit 2 when nothing can run', async () => {
    const notes = await runCli(['import', '--account', String(bca), '--db', db, files.notes], { env });
    expect(notes.code).toBe(1);
    expect(notes.stdout).toMatch(/notes\.txt: REFUSED: no known statement header/);
    const other = await runCli(['import', '--account', String(bri), '--db', db, files.klikbca], { env });
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('the file is for account number 0123456789, but account');
    const forced = await runCli(
      ['import', '--account', String(bri), '--db', db, '--force-account', files.klikbca],
      {
        env,
      },
    );
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('(check forced off)');

    for (const [args, message] of [
      [['--account', '999', '--db', db, files.klikbca], 'there is no account 999 in'],
      [['--account', 'abc', '--db', db, files.klikbca], '--account must be an account id'],
      [
        ['--account', String(bca), '--db', db, '--format', 'bsi', files.klikbca],
        '--format must be one of klikbca,',
      ],
      [['--account', String(bca), '--db', db, join(dir, 'missing.csv')], 'missing.csv: no such file'],
      [
        ['--account', String(bca), '--url', 'http://127.0.0.1:9/api/v1', files.klikbca],
        '--url needs --token',
      ],
    ] as const) {
      const r = await runCli(['import', ...args], { env });
      expect(r.code, message).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('mutasibank import through the API', () => {
  let t: TestServer;
  let id: number;

  beforeAll(async () => {
    t = await startTestServer();
    const res = await t.api('POST', '/account/create', {
      body: { bank_id: 1, account_name: 'Budi', account_no: '0123456789' },
    });
    id = (res.json.data as { id: number }).id;
  });
  afterAll(() => t.stop());

  const viaApi = (...args: string[]) =>
    runCli(['import', '--url', t.url, '--account', String(id), ...args], {
      env: { MUTASIBANK_TOKEN: t.token },
    });

  it('streams each file to the server and prints its summary', async () => {
    const dry = await viaApi('--dry-run', files.klikbca);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run: 4 new rows would be stored; nothing was stored');
    expect(await countRows(t.server.store, id)).toBe(0);

    const r = await viaApi(files.klikbca, files.mismatch);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${files.klikbca}: KlikBCA (individual) (klikbca/id), 16 lines\n`);
    expect(r.stdout).toContain('  stored 4 new rows\n');
    expect(r.stdout).toContain('read 4, new 0, duplicate 4');
    expect(r.stdout).toContain('REFUSED: the file did not pass its check');
    expect(await countRows(t.server.store, id)).toBe(4);

    const notes = await viaApi(files.notes);
    expect(notes.code).toBe(1);
    expect(notes.stdout).toMatch(/notes\.txt: REFUSED: no known statement header/);
  });

  it('exit 2 for a refused token, an unknown account or an unreachable server', async () => {
    const badToken = await runCli([
      'import',
      '--url',
      t.url,
      '--token',
      'wrong-token-xxxxxxxx',
      '--account',
      String(id),
      files.klikbca,
    ]);
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toContain('answered HTTP 401');
    const missing = await runCli(['import', '--url', t.url, '--account', '999', files.klikbca], {
      env: { MUTASIBANK_TOKEN: t.token },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('answered HTTP 404: account not found');
    const down = await runCli([
      'import',
      '--url',
      'http://127.0.0.1:9/api/v1',
      '--token',
      'x',
      '--account',
      '1',
      files.klikbca,
    ]);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('cannot import through http://127.0.0.1:9/api/v1');
  });
});
