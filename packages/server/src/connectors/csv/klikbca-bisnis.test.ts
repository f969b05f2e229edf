import { describe, expect, it } from 'vitest';
import { KLIKBCA_BISNIS_SAMPLE } from '../../../test/helpers/statement-samples.js';
import { collectStatement } from './parse-statement.js';

describe('KlikBCA Bisnis CSV', () => {
  it('reads the classic fully quoted export with the sign inside the amount', async () => {
    const { rows, summary } = await collectStatement([KLIKBCA_BISNIS_SAMPLE.text]);
    expect(rows).toEqual(KLIKBCA_BISNIS_SAMPLE.rows);
    expect(summary).toMatchObject({
      format: 'klikbca-bisnis',
      variant: 'klikbca-bisnis/quoted',
      headerLine: 6,
      account: { accountNo: '8720123456', accountName: 'PT SUMBER REJEKI ABADI' },
      footer: { status: 'ok' },
      counts: { lines: 14, rows: 3, rejected: 0 },
      isComplete: true,
    });
  });

  it('reads the tab-separated preview export with Debit and Kredit columns', async () => {
    const text = [
      'No\tTanggal\tKeterangan\tDebit\tKredit\tSaldo',
      '1\t01/07/2025 08:15:02\tQRIS 93600014 WARUNG BU TINI\t\t25,000.00\t1,025,000.00',
      '2\t01/07/2025 09:00:00\t"BIAYA ADM\tJULI"\t10,000.00\t0.00\t1,015,000.00',
      '3\tPEND\tBI-FAST CR DARI SITI\t\t50,000.00\t',
      '4\t02/07/2025\tTARIK TUNAI ATM\t0.00\t0.00\t1,015,000.00',
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          transactionDate: '2025-07-01 08:15:02',
          description: 'QRIS 93600014 WARUNG BU TINI',
          type: 'CR',
          amount: 25000,
          balance: 1025000,
        },
      },
      {
        line: 3,
        row: {
          transactionDate: '2025-07-01 09:00:00',
          description: 'BIAYA ADM JULI',
          type: 'DB',
          amount: 10000,
          balance: 1015000,
        },
      },
    ]);
    expect(summary).toMatchObject({
      variant: 'klikbca-bisnis/preview',
      delimiter: '\t',
      counts: { rows: 2, pending: 1, rejected: 1 },
      rejected: [{ line: 5, reason: 'neither debit nor credit holds an amount' }],
      footer: { status: 'not_available' },
    });
  });
});
