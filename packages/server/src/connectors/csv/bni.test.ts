import { describe, expect, it } from 'vitest';
import { BNI_SAMPLE } from '../../../test/helpers/statement-samples.js';
import { collectStatement } from './parse-statement.js';

describe('BNI rekening koran CSV', () => {
  it('reads posting date and time, D/K markers, id-ID and en-US grouping, newest first', async () => {
    const { rows, summary } = await collectStatement([BNI_SAMPLE.text]);
    expect(rows).toEqual(BNI_SAMPLE.rows);
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
