import { describe, expect, it } from 'vitest';
import { KLIKBCA_FOOTER_MISMATCH_TEXT, KLIKBCA_SAMPLE } from '../../../test/helpers/statement-samples.js';
import { collectStatement } from './parse-statement.js';

const KLIKBCA_ID = KLIKBCA_SAMPLE.text;

describe('KlikBCA individual CSV', () => {
  it('reads the Indonesian export to exact rows and checks the footer', async () => {
    const { rows, summary } = await collectStatement([new TextEncoder().encode(KLIKBCA_ID)]);
    expect(rows).toEqual(KLIKBCA_SAMPLE.rows);
    expect(summary).toMatchObject({
      format: 'klikbca',
      variant: 'klikbca/id',
      delimiter: ',',
      headerLine: 6,
      account: {
        accountNo: '0123456789',
        accountName: 'BUDI SANTOSO',
        currency: 'IDR',
        period: { from: '2024-12-15', to: '2025-01-14' },
      },
      footer: {
        status: 'ok',
        isPendingIncluded: false,
        openingSen: 100_000_000,
        creditSen: 215_000_000,
        debitSen: 126_500_000,
        closingSen: 188_500_000,
      },
      runningBalance: { status: 'ok', order: 'oldest_first' },
      counts: { lines: 16, rows: 4, credits: 2, debits: 2, pending: 1, rejected: 0, balancesTruncated: 0 },
      totals: { creditRupiah: 2_150_000, debitRupiah: 1_265_000 },
      rejected: [],
      isComplete: true,
    });
  });

  it('reads the English screen export with DD/MM/YYYY dates', async () => {
    const text = [
      "Account No.,=,'0987654321",
      'Name,=,PT MAJU JAYA',
      'Period,=,01/03/2025 - 31/03/2025',
      'Currency,=,IDR',
      '',
      'Date,Description,Branch,Amount,,Balance',
      "'03/03/2025,BI-FAST CR BIF TRANSFER DR 014 ANDI WIJAYA INV/2025/03/0042,'0000,499123.00,CR,10499123.00",
      "'04/03/2025,KARTU DEBIT TOKOPEDIA,'0000,99123.00,DB,10400000.00",
      '',
      'Starting Balance,=,10000000.00',
      'Total Credit,=,499123.00',
      'Total Debit,=,99123.00',
      'Ending Balance,=,10400000.00',
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows.map((r) => r.row)).toEqual([
      {
        transactionDate: '2025-03-03 00:00:00',
        description: 'BI-FAST CR BIF TRANSFER DR 014 ANDI WIJAYA INV/2025/03/0042',
        type: 'CR',
        amount: 499123,
        balance: 10499123,
      },
      {
        transactionDate: '2025-03-04 00:00:00',
        description: 'KARTU DEBIT TOKOPEDIA',
        type: 'DB',
        amount: 99123,
        balance: 10400000,
      },
    ]);
    expect(summary.variant).toBe('klikbca/en');
    expect(summary.account.accountNo).toBe('0987654321');
    expect(summary.footer.status).toBe('ok');
  });

  it('reports a footer that does not match the rows, with the figures', async () => {
    const { summary } = await collectStatement([KLIKBCA_FOOTER_MISMATCH_TEXT]);
    expect(summary.footer).toEqual({
      status: 'mismatch',
      problems: [
        'Saldo Awal Rp 1.000.000,00 + Mutasi Kredit Rp 2.150.000,00 - Mutasi Debet Rp 1.265.500,00 is Rp 1.884.500,00, but Saldo Akhir says Rp 1.885.000,00',
        'the debit rows add up to Rp 1.265.000,00, but Mutasi Debet says Rp 1.265.500,00',
      ],
      footer: {
        openingSen: 100_000_000,
        creditSen: 215_000_000,
        debitSen: 126_550_000,
        closingSen: 188_500_000,
      },
      rows: {
        creditSen: 215_000_000,
        debitSen: 126_500_000,
        creditCount: 2,
        debitCount: 2,
        pendingCreditSen: 5_000_000,
        pendingDebitSen: 0,
        pendingCount: 1,
      },
    });
    expect(summary.isComplete).toBe(false);
  });

  it('accepts totals that include the PEND rows, and says so', async () => {
    const withPending = KLIKBCA_ID.replace(
      'Mutasi Kredit,=,2150000.00',
      'Mutasi Kredit,=,2200000.00',
    ).replace('Saldo Akhir,=,1885000.00', 'Saldo Akhir,=,1935000.00');
    const { rows, summary } = await collectStatement([withPending]);
    expect(rows).toHaveLength(4);
    expect(summary.footer).toMatchObject({ status: 'ok', isPendingIncluded: true });
  });

  it('reports a missing footer as not available, and an incomplete one as a mismatch', async () => {
    const cut = KLIKBCA_ID.slice(0, KLIKBCA_ID.indexOf('PEND'));
    const { summary } = await collectStatement([cut]);
    expect(summary.footer).toEqual({
      status: 'not_available',
      reason:
        'the file has no Saldo Awal / Mutasi Kredit / Mutasi Debet / Saldo Akhir footer (it may be cut short)',
    });
    const partial = KLIKBCA_ID.replace('Saldo Akhir,=,1885000.00\r\n', '');
    expect((await collectStatement([partial])).summary.footer).toMatchObject({
      status: 'mismatch',
      problems: ['the footer is incomplete: Saldo Akhir missing'],
    });
  });

  it('reads the older "key : value" preamble and footer, with footer counts', async () => {
    const text = [
      'No. rekening : 0123456789',
      'Nama : BUDI SANTOSO',
      'Periode : 01/02/2025 - 28/02/2025',
      'Kode Mata Uang : Rp',
      'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo',
      '\'03/02,TRSF E-BANKING CR 0302/FTSCY/WS95271 1500000.00 RINA,\'0000,"1,500,000.00",CR,"2,500,000.00"',
      'Saldo Awal : 1,000,000.00',
      'Mutasi Kredit : 1,500,000.00 1',
      'Mutasi Debet : 0.00 0',
      'Saldo Akhir : 2,500,000.00',
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows.map((r) => [r.line, r.row.transactionDate, r.row.amount, r.row.balance])).toEqual([
      [6, '2025-02-03 00:00:00', 1_500_000, 2_500_000],
    ]);
    expect(summary.account).toEqual({
      accountNo: '0123456789',
      accountName: 'BUDI SANTOSO',
      currency: 'Rp',
      period: { from: '2025-02-01', to: '2025-02-28' },
    });
    expect(summary.footer.status).toBe('ok');
    const wrongCount = text.replace('Mutasi Kredit : 1,500,000.00 1', 'Mutasi Kredit : 1,500,000.00 2');
    expect((await collectStatement([wrongCount])).summary.footer).toMatchObject({
      status: 'mismatch',
      problems: ['1 credit rows were read, but the footer counts 2'],
    });
  });

  it('refuses rows it cannot read, each with its line number and reason', async () => {
    const text = [
      'Periode,=,01/01/2025 - 31/01/2025',
      'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo',
      "'02/01,OK ROW,'0000,100.00,CR,100.00",
      "'32/01,BAD DATE,'0000,100.00,CR,200.00",
      "'03/02,OUTSIDE PERIOD,'0000,100.00,CR,300.00",
      "'04/01,NO MARKER,'0000,100.00,,400.00",
      "'05/01,BAD MARKER,'0000,100.00,XX,500.00",
      "'06/01,BAD AMOUNT,'0000,1.00.0,CR,600.00",
      "'07/01,SHORT ROW,'0000",
      "'08/01,SEN,'0000,100.50,CR,700.50",
      "'09/01,CONTRADICTION,'0000,100.00 DB,CR,800.00",
      "'10/01,ZERO,'0000,0.00,CR,800.00",
      "'11/01,\"UNCLOSED QUOTE,'0000,100.00,CR,900.00",
      "'12/01,AFTER,'0000,100.00,CR,1000.00",
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows.map((r) => r.line)).toEqual([3, 14]);
    expect(summary.rejected).toEqual([
      { line: 4, reason: "date ''32/01' is not a real date" },
      { line: 5, reason: "date ''03/02' does not fall within the period 2025-01-01 to 2025-01-31" },
      { line: 6, reason: "amount '100.00' has no CR/DB marker" },
      { line: 7, reason: "'XX' is not a credit/debit marker (CR, DB, D, K, ...)" },
      {
        line: 8,
        reason:
          "amount '1.00.0': the last '.' is followed by 1 digit(s); a decimal part has exactly 2 digits and a thousands group exactly 3",
      },
      { line: 9, reason: 'expected 6 columns, found 3' },
      {
        line: 10,
        reason:
          'amount Rp 100,50 has 50 sen; rows are stored in whole rupiah, so this row cannot be stored exactly (enter it by hand, or import the rest with partial import)',
      },
      { line: 11, reason: "amount '100.00 DB' contradicts the marker 'CR'" },
      { line: 12, reason: "amount '0.00' is zero" },
      { line: 13, reason: 'a quoted field opened on this line is never closed' },
    ]);
    expect(summary.counts.rejected).toBe(10);
    expect(summary.isComplete).toBe(false);
  });

  it('rejoins an unquoted description that contains commas', async () => {
    const text = [
      'Periode,=,01/01/2025 - 31/01/2025',
      'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo',
      "'02/01,TRSF E-BANKING CR 0201/FTSCY/WS95271 PEMBAYARAN, INV 7, BULAN 1,'0000,100000.00,CR,100000.00",
    ].join('\n');
    const { rows } = await collectStatement([text]);
    expect(rows[0]?.row.description).toBe('TRSF E-BANKING CR 0201/FTSCY/WS95271 PEMBAYARAN, INV 7, BULAN 1');
  });

  it('truncates a balance with sen to whole rupiah and counts it', async () => {
    const text = [
      'Periode,=,01/01/2025 - 31/01/2025',
      'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo',
      "'31/01,TRSF E-BANKING CR,'0000,100000.00,CR,100123.45",
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows[0]?.row.balance).toBe(100123);
    expect(summary.counts.balancesTruncated).toBe(1);
  });

  it('needs a year for DD/MM dates when the file has no Periode line', async () => {
    const text = [
      'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo',
      "'02/01,X,'0000,100.00,CR,100.00",
    ].join('\n');
    expect((await collectStatement([text])).summary.rejected).toEqual([
      { line: 2, reason: "date ''02/01' has no year and the file has no Periode line; pass the year" },
    ]);
    const withYear = await collectStatement([text], { year: 2024 });
    expect(withYear.rows[0]?.row.transactionDate).toBe('2024-01-02 00:00:00');
  });
});
