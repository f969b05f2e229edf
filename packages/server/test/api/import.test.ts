/**
 * `POST /account/{id}/import` over real HTTP, on SQLite and on PostgreSQL: every format lands in
 * the account's statements exactly; whole-file semantics (refusal stores nothing, partial stores
 * the good rows), re-import, dry run, the account check, tenancy and the size limit.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/index.js';
import { DIALECTS } from '../helpers/dialects.js';
import {
  BRI_SAMPLE,
  BRI_SAMPLE_REJECTED,
  CLEAN_SAMPLES,
  KLIKBCA_FOOTER_MISMATCH_TEXT,
  KLIKBCA_SAMPLE,
  type StatementSample,
} from '../helpers/statement-samples.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

interface Answer {
  status: number;
  json: { error: boolean; code?: string; message?: string; data?: ImportSummary };
}

type Options = Partial<Record<'format' | 'year' | 'partial' | 'dry_run' | 'force_account', string>>;

async function answer(res: Response): Promise<Answer> {
  return { status: res.status, json: (await res.json()) as Answer['json'] };
}

/** Uploads as multipart: the file in `file`, the options as fields. */
async function importMultipart(
  t: TestServer,
  accountId: number,
  text: string,
  options: Options = {},
  token = t.token,
): Promise<Answer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(options)) form.append(k, v);
  form.append('file', new Blob([text], { type: 'text/csv' }), 'mutasi.csv');
  const res = await fetch(`${t.url}/account/${accountId}/import`, {
    method: 'POST',
    headers: { authorization: token },
    body: form,
  });
  return answer(res);
}

/** Uploads the raw file as the body, the options in the query string. */
async function importRaw(
  t: TestServer,
  accountId: number,
  body: string | ReadableStream<Uint8Array>,
  options: Options = {},
  contentType = 'text/csv',
): Promise<Answer> {
  const query = new URLSearchParams(options).toString();
  const res = await fetch(`${t.url}/account/${accountId}/import${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers: { authorization: t.token, 'content-type': contentType },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  return answer(res);
}

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(`import (${label})`, () => {
    let t: TestServer;
    let accountNo = 0;

    async function newAccount(accountNoText?: string, token = t.token): Promise<number> {
      accountNo += 1;
      const res = await t.api('POST', '/account/create', {
        token,
        body: {
          bank_id: 1,
          account_name: 'Import Test',
          account_no: accountNoText ?? `77700${accountNo}`,
        },
      });
      expect(res.status, res.text).toBe(200);
      return (res.json.data as { id: number }).id;
    }

    async function storedRows(accountId: number) {
      return t.server.store.db
        .selectFrom('mutations')
        .select(['transaction_date', 'description', 'type', 'amount', 'balance', 'bank_reference', 'source'])
        .where('account_id', '=', accountId)
        .orderBy('transaction_date')
        .orderBy('description')
        .execute();
    }

    function expectedRows(sample: StatementSample) {
      return sample.rows
        .map(({ row }) => ({
          transaction_date: row.transactionDate,
          description: row.description,
          type: row.type,
          amount: row.amount,
          balance: row.balance ?? 0,
          bank_reference: row.bankReference ?? null,
          source: 'import',
        }))
        .sort((a, b) =>
          a.transaction_date === b.transaction_date
            ? a.description.localeCompare(b.description)
            : a.transaction_date < b.transaction_date
              ? -1
              : 1,
        );
    }

    beforeAll(async () => {
      t = await startTestServer({ dialect });
    });
    afterAll(() => t.stop());

    describe.each(Object.values(CLEAN_SAMPLES))('$format', (sample) => {
      it('lands in the statements with exactly the rows of the file; a re-import stores nothing', async () => {
        const id = await newAccount(sample.accountNo);
        const first = await importMultipart(t, id, sample.text);
        expect(first.status, JSON.stringify(first.json)).toBe(200);
        expect(first.json.data).toMatchObject({
          account_id: id,
          file_name: 'mutasi.csv',
          format: sample.format,
          read: sample.rows.length,
          new: sample.rows.length,
          duplicate: 0,
          rejected_count: 0,
          rejected: [],
          committed: true,
          refused: null,
          account_check: { status: sample.accountNo === undefined ? 'not_in_file' : 'ok' },
        });
        expect(await storedRows(id)).toEqual(expectedRows(sample));

        const dates = sample.rows.map((r) => r.row.transactionDate.slice(0, 10)).sort();
        const listed = await t.api('POST', `/statements/${id}`, {
          body: { date_from: dates[0], date_to: dates.at(-1) },
        });
        expect(listed.status, listed.text).toBe(200);
        expect((listed.json.data as unknown[]).length).toBe(sample.rows.length);

        const again = await importRaw(t, id, sample.text);
        expect(again.status).toBe(200);
        expect(again.json.data).toMatchObject({
          read: sample.rows.length,
          new: 0,
          duplicate: sample.rows.length,
        });
        expect(await storedRows(id)).toHaveLength(sample.rows.length);
      });
    });

    it('answers the whole summary: format, PEND rows, footer, balance and the bot log', async () => {
      const id = await newAccount(KLIKBCA_SAMPLE.accountNo);
      const { status, json } = await importRaw(t, id, KLIKBCA_SAMPLE.text);
      expect(status).toBe(200);
      expect(json.data).toEqual({
        account_id: id,
        file_name: null,
        format: 'klikbca',
        variant: 'klikbca/id',
        format_label: 'KlikBCA (individual)',
        lines: 16,
        read: 4,
        new: 4,
        duplicate: 0,
        pending: 1,
        rejected_count: 0,
        rejected: [],
        balances_truncated: 0,
        totals: { credit: 2_150_000, debit: 1_265_000 },
        footer: { status: 'ok', pending_included: false },
        running_balance: { status: 'ok', order: 'oldest_first' },
        account_check: { status: 'ok', file_account_no: '0123456789', account_no: '0123456789' },
        partial: false,
        dry_run: false,
        committed: true,
        refused: null,
      });
      const account = await t.api('GET', `/account/${id}`);
      expect((account.json.data as { balance: number }).balance).toBe(1_885_000);
      const log = await t.api('GET', `/log_bot/${id}`);
      expect((log.json.data as Array<Record<string, unknown>>)[0]).toMatchObject({
        trigger: 'import',
        rows_found: 4,
        rows_new: 4,
        status: 'ok',
      });
    });

    it('refuses a file whose footer does not match, storing nothing; partial stores the good rows', async () => {
      const id = await newAccount(KLIKBCA_SAMPLE.accountNo);
      const refused = await importMultipart(t, id, KLIKBCA_FOOTER_MISMATCH_TEXT);
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({ error: true, code: 'unprocessable' });
      expect(refused.json.message).toContain('nothing was stored');
      expect(refused.json.message).toContain('Mutasi Debet Rp 1.265.500,00');
      expect(refused.json.data).toMatchObject({
        read: 4,
        new: 4,
        committed: false,
        footer: { status: 'mismatch' },
        refused: { reason: 'incomplete' },
      });
      expect(refused.json.data?.footer.problems).toHaveLength(2);
      expect(await storedRows(id)).toEqual([]);
      const log = await t.api('GET', `/log_bot/${id}`);
      expect((log.json.data as Array<Record<string, unknown>>)[0]).toMatchObject({
        trigger: 'import',
        status: 'error',
        rows_new: 0,
      });

      const partial = await importMultipart(t, id, KLIKBCA_FOOTER_MISMATCH_TEXT, { partial: '1' });
      expect(partial.status).toBe(200);
      expect(partial.json.data).toMatchObject({
        new: 4,
        partial: true,
        committed: true,
        refused: null,
        footer: { status: 'mismatch' },
      });
      expect(await storedRows(id)).toEqual(expectedRows(KLIKBCA_SAMPLE));
    });

    it('reports rejected lines by number and reason; partial stores the lines that read', async () => {
      const id = await newAccount(BRI_SAMPLE.accountNo);
      const refused = await importRaw(t, id, BRI_SAMPLE.text);
      expect(refused.status).toBe(422);
      expect(refused.json.data).toMatchObject({
        rejected_count: 1,
        rejected: BRI_SAMPLE_REJECTED,
        committed: false,
      });
      expect(refused.json.message).toContain(`line 4: ${BRI_SAMPLE_REJECTED[0]!.reason}`);
      expect(await storedRows(id)).toEqual([]);

      const partial = await importRaw(t, id, BRI_SAMPLE.text, { partial: 'true' });
      expect(partial.status).toBe(200);
      expect(partial.json.data).toMatchObject({ new: 2, rejected: BRI_SAMPLE_REJECTED, committed: true });
      expect(await storedRows(id)).toEqual(expectedRows(BRI_SAMPLE));
    });

    it('a dry run stores nothing and says what would be new', async () => {
      const id = await newAccount(KLIKBCA_SAMPLE.accountNo);
      const dry = await importMultipart(t, id, KLIKBCA_SAMPLE.text, { dry_run: '1' });
      expect(dry.status).toBe(200);
      expect(dry.json.data).toMatchObject({
        new: 4,
        duplicate: 0,
        dry_run: true,
        committed: false,
        refused: null,
      });
      expect(await storedRows(id)).toEqual([]);
      const log = await t.api('GET', `/log_bot/${id}`);
      expect(log.json.data).toEqual([]);

      await importRaw(t, id, KLIKBCA_SAMPLE.text);
      const dryAgain = await importRaw(t, id, KLIKBCA_SAMPLE.text, { dry_run: '1' });
      expect(dryAgain.json.data).toMatchObject({ new: 0, duplicate: 4, committed: false });
      const dryBad = await importRaw(t, id, KLIKBCA_FOOTER_MISMATCH_TEXT, { dry_run: '1' });
      expect(dryBad.status).toBe(422);
      expect(dryBad.json.data).toMatchObject({ dry_run: true, refused: { reason: 'incomplete' } });
    });

    it('refuses a file for another account number, naming both, unless forced', async () => {
      const id = await newAccount('9876543210');
      const refused = await importMultipart(t, id, KLIKBCA_SAMPLE.text);
      expect(refused.status).toBe(422);
      expect(refused.json.message).toContain('0123456789');
      expect(refused.json.message).toContain('9876543210');
      expect(refused.json.data).toMatchObject({
        account_check: { status: 'mismatch', file_account_no: '0123456789', account_no: '9876543210' },
        refused: { reason: 'account_mismatch' },
        committed: false,
      });
      expect(await storedRows(id)).toEqual([]);
      // partial does not lift the account check; force_account does.
      expect((await importMultipart(t, id, KLIKBCA_SAMPLE.text, { partial: '1' })).status).toBe(422);
      const forced = await importMultipart(t, id, KLIKBCA_SAMPLE.text, { force_account: '1' });
      expect(forced.status).toBe(200);
      expect(forced.json.data).toMatchObject({ account_check: { status: 'forced' }, new: 4 });
    });

    it("another user's account is a 404, exactly like a missing one", async () => {
      const otherToken = await t.newUser('Mallory');
      const theirs = await newAccount(KLIKBCA_SAMPLE.accountNo, otherToken);
      const res = await importMultipart(t, theirs, KLIKBCA_SAMPLE.text);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: true, code: 'not_found', message: 'account not found' });
      expect((await importMultipart(t, 987_654, KLIKBCA_SAMPLE.text)).json).toEqual(res.json);
      expect(await storedRows(theirs)).toEqual([]);
      const noToken = await fetch(`${t.url}/account/${theirs}/import`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: KLIKBCA_SAMPLE.text,
      });
      expect(noToken.status).toBe(401);
    });

    it('reads multipart options sent after the file too', async () => {
      const id = await newAccount('9876543210');
      const form = new FormData();
      form.append('file', new Blob([KLIKBCA_SAMPLE.text]), 'mutasi.csv');
      form.append('force_account', 'true');
      form.append('dry_run', '1');
      const res = await answer(
        await fetch(`${t.url}/account/${id}/import`, {
          method: 'POST',
          headers: { authorization: t.token },
          body: form,
        }),
      );
      expect(res.status).toBe(200);
      expect(res.json.data).toMatchObject({ account_check: { status: 'forced' }, dry_run: true, new: 4 });
    });

    it('takes the raw body as text/csv, text/plain or octet-stream, also streamed in chunks', async () => {
      for (const type of ['text/plain; charset=utf-8', 'application/octet-stream']) {
        const id = await newAccount(KLIKBCA_SAMPLE.accountNo);
        const res = await importRaw(t, id, KLIKBCA_SAMPLE.text, {}, type);
        expect(res.status, type).toBe(200);
        expect(res.json.data?.new).toBe(4);
      }
      const id = await newAccount(KLIKBCA_SAMPLE.accountNo);
      const bytes = new TextEncoder().encode(KLIKBCA_SAMPLE.text);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 37) }, (_, i) =>
        bytes.subarray(i * 37, (i + 1) * 37),
      );
      const streamed = await importRaw(
        t,
        id,
        Readable.toWeb(Readable.from(chunks)) as ReadableStream<Uint8Array>,
      );
      expect(streamed.status).toBe(200);
      expect(await storedRows(id)).toEqual(expectedRows(KLIKBCA_SAMPLE));
    });

    it('forces a format by name; an unknown name is a 400, a file that is no statement a 422', async () => {
      const id = await newAccount(KLIKBCA_SAMPLE.accountNo);
      expect((await importRaw(t, id, KLIKBCA_SAMPLE.text, { format: 'bni' })).status).toBe(422);
      const unknown = await importRaw(t, id, KLIKBCA_SAMPLE.text, { format: 'bsi' });
      expect(unknown.status).toBe(400);
      expect(unknown.json.message).toContain('klikbca, klikbca-bisnis, mandiri-mcm, bni, bri');
      expect((await importMultipart(t, id, KLIKBCA_SAMPLE.text, { format: 'bsi' })).status).toBe(400);
      const notStatement = await importMultipart(t, id, 'hello,world\nthis is not a statement\n');
      expect(notStatement.status).toBe(422);
      expect(notStatement.json).toMatchObject({ error: true, code: 'unprocessable' });
      expect(notStatement.json.data).toBeUndefined();
      const xlsx = await importRaw(t, id, 'PK\u0003\u0004\u0014\u0000', {}, 'application/octet-stream');
      expect(xlsx.status).toBe(422);
      expect(xlsx.json.message).toContain('save or export it as CSV');
      const forced = await importRaw(t, id, KLIKBCA_SAMPLE.text, { format: 'klikbca' });
      expect(forced.json.data).toMatchObject({ format: 'klikbca', new: 4 });
      expect((await importRaw(t, id, KLIKBCA_SAMPLE.text, { dry_run: 'maybe' })).status).toBe(400);
      expect((await importRaw(t, id, KLIKBCA_SAMPLE.text, { year: '0024' })).status).toBe(400);
    });

    it('refuses other bodies: JSON, no file field, unknown fields, no body type', async () => {
      const id = await newAccount(KLIKBCA_SAMPLE.accountNo);
      const json = await t.api('POST', `/account/${id}/import`, { body: { file: KLIKBCA_SAMPLE.text } });
      expect(json.status).toBe(415);
      const noFile = new FormData();
      noFile.append('partial', '1');
      const res = await fetch(`${t.url}/account/${id}/import`, {
        method: 'POST',
        headers: { authorization: t.token },
        body: noFile,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain('field "file"');
      const typo = await importMultipart(t, id, KLIKBCA_SAMPLE.text, { dryrun: '1' } as Options);
      expect(typo.status).toBe(400);
      expect(typo.json.message).toContain('"dryrun" is not an import option');
      const bare = await fetch(`${t.url}/account/${id}/import`, {
        method: 'POST',
        headers: { authorization: t.token },
      });
      expect(bare.status).toBe(415);
      expect(await storedRows(id)).toEqual([]);
    });

    it('is described in the OpenAPI document with both body forms and the summary', async () => {
      const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
      };
      const op = doc.paths['/account/{id}/import']?.post;
      expect(Object.keys(op?.requestBody?.content ?? {})).toEqual([
        'multipart/form-data',
        'text/csv',
        'text/plain',
        'application/octet-stream',
      ]);
      expect(JSON.stringify(op)).toContain('"duplicate"');
    });
  });
}

describe('import size limit', () => {
  let t: TestServer;
  let id: number;
  const big = `${KLIKBCA_SAMPLE.text}${'x'.repeat(6000)}\r\n`;
  const spoolDir = mkdtempSync(join(tmpdir(), 'mutasibank-spool-'));

  beforeAll(async () => {
    t = await startTestServer({
      env: { MUTASIBANK_IMPORT_LIMIT: '4096', MUTASIBANK_IMPORT_SPOOL_DIR: spoolDir },
    });
    const res = await t.api('POST', '/account/create', {
      body: { bank_id: 1, account_name: 'Limit', account_no: KLIKBCA_SAMPLE.accountNo },
    });
    id = (res.json.data as { id: number }).id;
  });
  afterAll(async () => {
    await t.stop();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('answers 413 for a body over MUTASIBANK_IMPORT_LIMIT, multipart, raw or chunked, and stores nothing', async () => {
    const multipart = await importMultipart(t, id, big);
    expect(multipart.status).toBe(413);
    expect(multipart.json).toMatchObject({ error: true, code: 'payload_too_large' });
    expect(multipart.json.message).toContain('4096 bytes');
    expect((await importRaw(t, id, big)).status).toBe(413);
    const chunked = Readable.toWeb(Readable.from([big.slice(0, 3000), big.slice(3000)]));
    expect((await importRaw(t, id, chunked as ReadableStream<Uint8Array>)).status).toBe(413);
    const count = await t.server.store.db
      .selectFrom('mutations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    const fits = await importMultipart(t, id, KLIKBCA_SAMPLE.text);
    expect(fits.status).toBe(200);
    expect((await importRaw(t, id, KLIKBCA_FOOTER_MISMATCH_TEXT)).status).toBe(422);
    // Every upload's temporary copy is gone, whatever the outcome.
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
