import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectStatement, parseStatement } from './parse-statement.js';
import { STATEMENT_FORMATS } from './statement-format.js';
import { StatementFormatError } from './statement-format-error.js';

const SAMPLES: Record<(typeof STATEMENT_FORMATS)[number], string> = {
  klikbca: "Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n'02/01/2025,A,'0000,100.00,CR,100.00\n",
  'klikbca-bisnis':
    '"Tanggal Transaksi","Keterangan","Cabang","Jumlah","Saldo"\n"02/01/2025","A","\'0000","100.00 CR","100.00"\n',
  'mandiri-mcm':
    'Account No,Date,Val. Date,Transaction Code,Description,Description,Reference No.,Debit,Credit\n1,02/01/25,02/01/25,1,A,,,.00,100.00\n',
  bni: 'Posting Date,Effective Date,Branch,Journal,Transaction Description,Amount,DB/CR,Balance\n02/01/2025,02/01/2025,1,1,A,100.00,K,100.00\n',
  bri: 'NOREK,TGL_TRAN,JAM_TRAN,DESK_TRAN,MUTASI_DEBET,MUTASI_KREDIT,SALDO_AKHIR_MUTASI\n1,02/01/2025,000000,A,0,100.00,100.00\n',
};

async function rejection(promise: Promise<unknown>): Promise<StatementFormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StatementFormatError);
  return error as StatementFormatError;
}

describe('parseStatement: detection and override', () => {
  it.each(STATEMENT_FORMATS)('detects %s from its header, and reads it when forced', async (format) => {
    const detected = await collectStatement([SAMPLES[format]]);
    expect(detected.summary.format).toBe(format);
    expect(detected.rows.map((r) => [r.row.transactionDate, r.row.type, r.row.amount])).toEqual([
      ['2025-01-02 00:00:00', 'CR', 100],
    ]);
    expect((await collectStatement([SAMPLES[format]], { format })).summary.format).toBe(format);
  });

  it('refuses a forced format whose header is absent, naming what the file looks like', async () => {
    const error = await rejection(collectStatement([SAMPLES.bni], { format: 'klikbca' }));
    expect(error.code).toBe('header_not_found');
    expect(error.message).toBe(
      'no KlikBCA (individual) header in the first 50 lines (expected Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo or Date,Description,Branch,Amount,,Balance); it looks like a bni file',
    );
  });

  it('throws at once for an unknown format name or year', () => {
    expect(() => parseStatement([''], { format: 'bsi' })).toThrow(
      new StatementFormatError(
        'unknown_format',
        "unknown statement format 'bsi'; use one of klikbca, klikbca-bisnis, mandiri-mcm, bni, bri",
      ),
    );
    expect(() => parseStatement([''], { year: 24 })).toThrow(RangeError);
  });

  it('refuses an empty file, a spreadsheet, and text without a known header', async () => {
    expect((await rejection(collectStatement(['\n\n  \n']))).code).toBe('empty');
    const xlsx = await rejection(collectStatement([Uint8Array.of(0x50, 0x4b, 3, 4, 20, 0, 10)]));
    expect(xlsx.code).toBe('not_text');
    expect(xlsx.message).toBe(
      'this is a spreadsheet (XLSX/ZIP), not CSV: open it and save or export it as CSV',
    );
    const unknown = await rejection(
      collectStatement([Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n')]),
    );
    expect(unknown.code).toBe('header_not_found');
    expect(unknown.message).toContain('supported formats: klikbca, klikbca-bisnis, mandiri-mcm, bni, bri');
  });
});

describe('parseStatement: the streaming API', () => {
  it('gives the summary only after the rows, and can be read once', async () => {
    const parse = parseStatement([SAMPLES.klikbca]);
    expect(() => parse.summary()).toThrow('summary() is available once the rows have been read to the end');
    const lines: number[] = [];
    for await (const { line } of parse) lines.push(line);
    expect(lines).toEqual([2]);
    expect(parse.summary().counts.rows).toBe(1);
    await expect(parse.rows().next()).rejects.toThrow('a statement parse can be read only once');
  });

  it('parses the same file to the same rows every time, so a re-import fingerprints alike', async () => {
    const text = `${SAMPLES.klikbca}'03/01/2025,B,'0000,5.00,DB,95.00\n'03/01/2025,B,'0000,5.00,DB,95.00\n`;
    const first = await collectStatement([text]);
    const second = await collectStatement([Buffer.from(text)]);
    expect(second).toEqual(first);
    expect(first.rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('skips a repeated header line (page breaks) and counts every rejected line past the listed ones', async () => {
    const header = 'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo';
    const bad = Array.from({ length: 5 }, () => 'garbage,row');
    const text = [header, "'02/01/2025,A,'0000,100.00,CR,100.00", header, ...bad].join('\n');
    const { rows, summary } = await collectStatement([text], { maxRejected: 2 });
    expect(rows).toHaveLength(1);
    expect(summary.counts.rejected).toBe(5);
    expect(summary.rejected).toEqual([
      { line: 4, reason: 'expected 6 columns, found 2' },
      { line: 5, reason: 'expected 6 columns, found 2' },
    ]);
  });

  it('reports a line too long to be a row, and reads on', async () => {
    const text = `${SAMPLES.klikbca}${'x'.repeat(300)}\n'03/01/2025,B,'0000,5.00,DB,95.00\n`;
    const { rows, summary } = await collectStatement([text], { maxLineChars: 200 });
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(summary.rejected).toEqual([{ line: 3, reason: 'the line is too long to be a statement row' }]);
  });

  describe('from a file on disk', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mutasibank-csv-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('streams a file in small chunks to the same rows as one string', async () => {
      const rowsText = Array.from(
        { length: 500 },
        (_, i) => `'02/01/2025,"TRSF, NO ${i}",'0000,${i + 1}.00,CR,${((i + 1) * (i + 2)) / 2}.00`,
      );
      const text = `\uFEFFTanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\r\n${rowsText.join('\r\n')}\r\n`;
      const path = join(dir, 'mutasi.csv');
      await writeFile(path, text);
      const fromFile = parseStatement(createReadStream(path, { highWaterMark: 97 }));
      const batches: number[] = [];
      const rows = [];
      for await (const batch of fromFile.batches()) {
        batches.push(batch.length);
        rows.push(...batch);
      }
      expect(batches.length).toBeGreaterThan(100);
      expect(rows).toEqual((await collectStatement([text])).rows);
      expect(fromFile.summary()).toMatchObject({
        counts: { rows: 500, rejected: 0 },
        runningBalance: { status: 'ok' },
      });
    });
  });
});
