import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KLIKBCA_SAMPLE, MANDIRI_MCM_SAMPLE } from '../../test/helpers/statement-samples.js';
import { openTempStore, type TempStore } from '../../test/helpers/temp-store.js';
import { ManualClock } from '../clock.js';
import { StatementFormatError } from '../connectors/csv/index.js';
import type { Store } from '../store/store.js';
import { ImportAccountNotFoundError, importStatement } from './import-statement.js';
import { Ingestor } from './ingest.js';

let temp: TempStore;
let store: Store;
let userId: number;
const clock = new ManualClock();

beforeEach(async () => {
  temp = await openTempStore(clock);
  ({ store, userId } = temp);
});
afterEach(() => temp.close());

async function account(accountNo: string): Promise<number> {
  return (
    await store.accounts.create(
      userId,
      { bank_id: 1, module: 'bca', account_name: 'A', account_no: accountNo },
      {},
    )
  ).id;
}

describe('importStatement', () => {
  it('compares account numbers by their digits, leading zeros aside', async () => {
    const deps = { store, ingestor: new Ingestor(store, clock), clock };
    const id = await account('123456789');
    const summary = await importStatement(deps, { accountId: id, source: [KLIKBCA_SAMPLE.text] });
    expect(summary.account_check).toEqual({
      status: 'ok',
      file_account_no: '0123456789',
      account_no: '123456789',
    });
    expect(summary.committed).toBe(true);
    const other = await account('1370012345679');
    const refused = await importStatement(deps, { accountId: other, source: [MANDIRI_MCM_SAMPLE.text] });
    expect(refused.refused?.message).toBe(
      `the file is for account number 1370012345678, but account ${other} is 1370012345679; nothing was stored (import it into the right account, or force the account check off)`,
    );
  });

  it('hands the hooks batches of hookBatchRows', async () => {
    const sizes: number[] = [];
    const ingestor = new Ingestor(store, clock).use(async (b) => {
      sizes.push(b.mutations.length);
    });
    const id = await account(KLIKBCA_SAMPLE.accountNo!);
    await importStatement(
      { store, ingestor, clock },
      { accountId: id, source: [KLIKBCA_SAMPLE.text], hookBatchRows: 3 },
    );
    expect(sizes).toEqual([3, 1]);
  });

  it('throws for a missing account, and logs a file that is no statement', async () => {
    const deps = { store, ingestor: new Ingestor(store, clock), clock };
    await expect(importStatement(deps, { accountId: 999, source: [KLIKBCA_SAMPLE.text] })).rejects.toThrow(
      ImportAccountNotFoundError,
    );
    const id = await account('1');
    await expect(
      importStatement(deps, { accountId: id, source: ['just text\n'], fileName: 'notes.txt' }),
    ).rejects.toThrow(StatementFormatError);
    const [run] = await store.botRuns.list(id);
    expect(run).toMatchObject({ trigger: 'import', outcome: 'error', rows_new: 0 });
    expect(run?.error).toMatch(/^notes\.txt: no known statement header/);
  });
});
