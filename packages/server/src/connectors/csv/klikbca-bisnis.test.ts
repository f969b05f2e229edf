import { describe, expect, it } from 'vitest';
import { collectStatement } from './parse-statement.js';

describe('KlikBCA Bisnis CSV', () => {
  it('reads the classic fully quoted export with the sign inside the amount', async () => {
    const text = [
      '"Informasi Rekening - Mutasi Rekening"',
      `"No. Rekening","=","'8720123456"`,
      '"Nama","=","PT SUMBER REJEKI ABADI"',
      '"Periode","=","01/07/2025 - 03/07/2025"',
      '"Mata Uang","=","IDR"',
      '"Tanggal Transaksi","Keterangan","Cabang","Jumlah","Saldo"',
      `"01/07/2025","TRSF E-BANKING CR 0107/FTSCY/WS95051 799700.00 CV ANUGRAH, ORDER-20250701","'0000","799,700.00 CR","10,799,700.00"`,
      `"02/07/2025","BIAYA TXN KE BANK LAIN","'0000","6,500.00 DB","10,793,200.00"`,
      `"03/07/2025","TRF KE 0987654321
GAJI JULI","'0000","5,000,000.00 DB","5,793,200.00"`,
      '"Saldo Awal","=","10,000,000.00"',
      '"Mutasi Kredit","=","799,700.00"',
      '"Mutasi Debet","=","5,006,500.00"',
      '"Saldo Akhir","=","5,793,200.00"',
    ].join('\r\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows).toEqual([
      {
        line: 7,
        row: {
          transactionDate: '2025-07-01 00:00:00',
          description: 'TRSF E-BANKING CR 0107/FTSCY/WS95051 799700.00 CV ANUGRAH, ORDER-20250701',
          type: 'CR',
          amount: 799700,
          balance: 10799700,
        },
      },
      {
        line: 8,
        row: {
          transactionDate: '2025-07-02 00:00:00',
          description: 'BIAYA TXN KE BANK LAIN',
          type: 'DB',
          amount: 6500,
          balance: 10793200,
        },
      },
      {
        line: 9,
        row: {
          transactionDate: '2025-07-03 00:00:00',
          description: 'TRF KE 0987654321 GAJI JULI',
          type: 'DB',
          amount: 5000000,
          balance: 5793200,
        },
      },
    ]);
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
