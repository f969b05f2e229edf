import { describe, expect, it } from 'vitest';
import { collectStatement } from './parse-statement.js';

describe('BNI rekening koran CSV', () => {
  it('reads posting date and time, D/K markers, id-ID and en-US grouping, newest first', async () => {
    const text = [
      'Posting Date,Effective Date,Branch,Journal,Transaction Description,Amount,DB/CR,Balance',
      `03/02/2025 14:22:10,03/02/2025,0259,918273,"TRANSFER DARI | RIZKY PRATAMA, ORDER-9981","150.000,00",K,"5.150.000,00"`,
      '02/02/2025 09:01:00,02/02/2025,0259,918001,BIAYA ADMINISTRASI,"5,000.00",D,"5,000,000.00"',
      '01/02/2025 10:00:00,01/02/2025,0259,917500,SETORAN TUNAI,"5,005,000.00",CR,"5,005,000.00"',
    ].join('\n');
    const { rows, summary } = await collectStatement([text]);
    expect(rows.map((r) => r.row)).toEqual([
      {
        transactionDate: '2025-02-03 14:22:10',
        description: 'TRANSFER DARI | RIZKY PRATAMA, ORDER-9981',
        type: 'CR',
        amount: 150000,
        balance: 5150000,
        bankReference: '918273',
      },
      {
        transactionDate: '2025-02-02 09:01:00',
        description: 'BIAYA ADMINISTRASI',
        type: 'DB',
        amount: 5000,
        balance: 5000000,
        bankReference: '918001',
      },
      {
        transactionDate: '2025-02-01 10:00:00',
        description: 'SETORAN TUNAI',
        type: 'CR',
        amount: 5005000,
        balance: 5005000,
        bankReference: '917500',
      },
    ]);
    expect(summary).toMatchObject({
      format: 'bni',
      runningBalance: { status: 'ok', order: 'newest_first' },
      footer: { status: 'not_available' },
    });
  });

  it('refuses a row with an empty DB/CR column', async () => {
    const text = [
      'Posting Date,Effective Date,Branch,Journal,Transaction Description,Amount,DB/CR,Balance',
      '03/02/2025,03/02/2025,0259,918273,X,100.00,,100.00',
    ].join('\n');
    expect((await collectStatement([text])).summary.rejected).toEqual([
      { line: 2, reason: 'the DB/CR column is empty' },
    ]);
  });
});
