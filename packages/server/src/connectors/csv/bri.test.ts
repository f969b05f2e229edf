import { describe, expect, it } from 'vitest';
import { collectStatement } from './parse-statement.js';

describe('BRI CSV (inferred columns)', () => {
  const header =
    'NOREK,TGL_TRAN,TGL_EFEKTIF,JAM_TRAN,KODE_TRAN,DESK_TRAN,SALDO_AWAL_MUTASI,MUTASI_DEBET,MUTASI_KREDIT,SALDO_AKHIR_MUTASI';

  it('reads JAM_TRAN as HHMMSS and checks each row against its balances', async () => {
    const text = [
      header,
      "'034101000123307,02/01/2025,02/01/2025,124141,8888,NBMB SITI AMINAH TO BUDI ORDER-42,1000000.00,0.00,250000.00,1250000.00",
      "'034101000123307,02/01/2025,02/01/2025,91500,1010,BIAYA ADM,1250000.00,5500.00,0.00,1244500.00",
      "'034101000123307,03/01/2025,03/01/2025,0,8888,ESB:INTERBANK TRF,1244500.00,0.00,100000.00,1344501.00",
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows.map((r) => r.row)).toEqual([
      {
        transactionDate: '2025-01-02 12:41:41',
        description: 'NBMB SITI AMINAH TO BUDI ORDER-42',
        type: 'CR',
        amount: 250000,
        balance: 1250000,
      },
      {
        transactionDate: '2025-01-02 09:15:00',
        description: 'BIAYA ADM',
        type: 'DB',
        amount: 5500,
        balance: 1244500,
      },
    ]);
    expect(summary).toMatchObject({ format: 'bri', account: { accountNo: '034101000123307' } });
    expect(summary.rejected).toEqual([
      {
        line: 4,
        reason:
          'SALDO_AWAL_MUTASI Rp 1.244.500,00 + Rp 100.000,00 is Rp 1.344.500,00, but SALDO_AKHIR_MUTASI says Rp 1.344.501,00',
      },
    ]);
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
