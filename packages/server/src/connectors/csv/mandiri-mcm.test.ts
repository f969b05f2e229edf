import { describe, expect, it } from 'vitest';
import { MANDIRI_MCM_SAMPLE } from '../../../test/helpers/statement-samples.js';
import { collectStatement } from './parse-statement.js';

describe('Mandiri MCM / Kopra CSV', () => {
  it('reads DD/MM/YY dates, two description columns, quoted amounts and references', async () => {
    const { rows, summary } = await collectStatement([MANDIRI_MCM_SAMPLE.text]);
    expect(rows).toEqual(MANDIRI_MCM_SAMPLE.rows);
    expect(summary).toMatchObject({
      format: 'mandiri-mcm',
      variant: 'mandiri-mcm/csv',
      account: { accountNo: '1370012345678' },
      footer: { status: 'not_available', reason: 'Mandiri MCM / Kopra files have no footer totals' },
      runningBalance: { status: 'not_available' },
      isComplete: true,
    });
  });

  it('refuses a row of another account and a row with both columns set', async () => {
    const text = [
      'Account No,Date (DD/MM/YY),Val. Date,Transaction Code,Description,Description,Reference No.,Debit,Credit',
      '1370012345678,02/01/25,02/01/25,8860,A,,,.00,100.00',
      '1370099999999,02/01/25,02/01/25,8860,B,,,.00,100.00',
      '1370012345678,02/01/25,02/01/25,8860,C,,,5.00,100.00',
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(summary.rejected).toEqual([
      { line: 3, reason: "the row is for account '1370099999999', not '1370012345678'" },
      { line: 4, reason: "both debit '5.00' and credit '100.00' are set" },
    ]);
  });

  it('reads the spreadsheet export saved as CSV, id-ID grouping, semicolons', async () => {
    const text = [
      'Tgl.;Tgl. Val.;Rincian Transaksi;No. Referensi;Debit;Kredit;Saldo;Branch',
      '05/01/2025;05/01/2025;SETORAN TUNAI;;0,00;2.500.000,00;12.500.000,00;10001',
      '06/01/2025;06/01/2025;TRANSFER KE ANDI;99120;1.000.000,00;0,00;11.500.000,00;10001',
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows.map((r) => r.row)).toEqual([
      {
        transactionDate: '2025-01-05 00:00:00',
        description: 'SETORAN TUNAI',
        type: 'CR',
        amount: 2500000,
        balance: 12500000,
      },
      {
        transactionDate: '2025-01-06 00:00:00',
        description: 'TRANSFER KE ANDI',
        type: 'DB',
        amount: 1000000,
        balance: 11500000,
        bankReference: '99120',
      },
    ]);
    expect(summary).toMatchObject({
      variant: 'mandiri-mcm/spreadsheet',
      delimiter: ';',
      runningBalance: { status: 'ok', order: 'oldest_first' },
    });
  });
});
