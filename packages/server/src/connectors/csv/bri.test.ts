import { describe, expect, it } from 'vitest';
import { BRI_HEADER, BRI_SAMPLE, BRI_SAMPLE_REJECTED } from '../../../test/helpers/statement-samples.js';
import { collectStatement } from './parse-statement.js';

describe('BRI CSV (inferred columns)', () => {
  const header = BRI_HEADER;

  it('reads JAM_TRAN as HHMMSS and checks each row against its balances', async () => {
    const { rows, summary } = await collectStatement([BRI_SAMPLE.text]);
    expect(rows).toEqual(BRI_SAMPLE.rows);
    expect(summary).toMatchObject({ format: 'bri', account: { accountNo: '034101000123307' } });
    expect(summary.rejected).toEqual(BRI_SAMPLE_REJECTED);
  });

  it('finds its columns in any order, with only TGL_EFEKTIF and no balances', async () => {
    const text = [
      'TGL_EFEKTIF;MUTASI_KREDIT;MUTASI_DEBET;NOREK;KETERANGAN',
      '2025-01-05;75.000,00;0,00;034101000123307;SETORAN',
    ].join('\n');
    const { rows } = await collectStatement([text]);
    expect(rows.map((r) => r.row)).toEqual([
      {
        transactionDate: '2025-01-05 00:00:00',
        description: 'SETORAN',
        type: 'CR',
        amount: 75000,
        balance: null,
      },
    ]);
  });

  it('refuses an impossible JAM_TRAN', async () => {
    const text = [header, '1,02/01/2025,02/01/2025,256000,1,X,0,0,1.00,1.00'].join('\n');
    expect((await collectStatement([text])).summary.rejected).toEqual([
      { line: 2, reason: "JAM_TRAN: time '256000' is impossible" },
    ]);
  });
});
