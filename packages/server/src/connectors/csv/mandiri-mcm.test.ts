import { describe, expect, it } from 'vitest';
import { collectStatement } from './parse-statement.js';

describe('Mandiri MCM / Kopra CSV', () => {
  it('reads DD/MM/YY dates, two description columns, quoted amounts and references', async () => {
    const text = [
      'Account No,Date,Val. Date,Transaction Code,Description,Description,Reference No.,Debit,Credit',
      `1370012345678,02/01/25,02/01/25,8860,"TRANSFER DARI BUDI, S",MCM InhouseTrf ORDER-777,FT25002ABCDE,".00","453,684.00"`,
      `1370012345678,02/01/25,02/01/25,4012,BIAYA ADMINISTRASI,,,"12,500.00",".00"`,
      `1370012345678,03/01/25,03/01/25,8870,SKN KE BANK LAIN,PT SINAR,REF/INV/2025/01/9,"1,000,000.00",`,
    ].join('\r\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          transactionDate: '2025-01-02 00:00:00',
          description: 'TRANSFER DARI BUDI, S MCM InhouseTrf ORDER-777',
          type: 'CR',
          amount: 453684,
          balance: null,
          bankReference: 'FT25002ABCDE',
        },
      },
      {
        line: 3,
        row: {
          transactionDate: '2025-01-02 00:00:00',
          description: 'BIAYA ADMINISTRASI',
          type: 'DB',
          amount: 12500,
          balance: null,
        },
      },
      {
        line: 4,
        row: {
          transactionDate: '2025-01-03 00:00:00',
          description: 'SKN KE BANK LAIN PT SINAR',
          type: 'DB',
          amount: 1000000,
          balance: null,
          bankReference: 'REF/INV/2025/01/9',
        },
      },
    ]);
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
