import { describe, expect, it } from 'vitest';
import { describeConnectorContract } from '../connector.contract.js';
import type { ConnectorContext, StatementRow } from '../connector.js';
import { SimulatorConnector } from './simulator-connector.js';

// 2025-03-12 14:00 WIB.
const NOW = new Date('2025-03-12T07:00:00Z');

function context(overrides: Partial<ConnectorContext> = {}, accountNo = '0123456789'): ConnectorContext {
  return {
    account: { id: 1, accountNo, accountName: 'BUDI SANTOSO', module: 'simulator' },
    credentials: {},
    signal: new AbortController().signal,
    now: () => NOW,
    ...overrides,
  };
}

describeConnectorContract('simulator', async () => {
  const connector = new SimulatorConnector({ seed: 'contract' });
  return { connector, context, range: { from: '2025-03-03', to: '2025-03-12' } };
});

describe('SimulatorConnector', () => {
  const range = { from: '2025-02-01', to: '2025-03-12' };

  it('gives the same rows from a fresh instance with the same seed, and others for another seed or account', async () => {
    const a = await new SimulatorConnector({ seed: 's1' }).fetchStatement(context(), range);
    const b = await new SimulatorConnector({ seed: 's1' }).fetchStatement(context(), range);
    const otherSeed = await new SimulatorConnector({ seed: 's2' }).fetchStatement(context(), range);
    const otherAccount = await new SimulatorConnector({ seed: 's1' }).fetchStatement(
      context({}, '999'),
      range,
    );
    expect(b).toEqual(a);
    expect(otherSeed.rows).not.toEqual(a.rows);
    expect(otherAccount.rows).not.toEqual(a.rows);
  });

  it('keeps balances consistent from the opening balance on, never negative, and reports the current one', async () => {
    const simulator = new SimulatorConnector({
      seed: 'balances',
      openedOn: '2025-01-01',
      openingBalance: 1_000_000,
    });
    const { rows, balance } = await simulator.fetchStatement(context(), {
      from: '2025-01-01',
      to: '2025-03-12',
    });
    let running = 1_000_000;
    for (const row of rows) {
      running += row.type === 'CR' ? row.amount : -row.amount;
      expect(row.balance).toBe(running);
      expect(running).toBeGreaterThanOrEqual(0);
    }
    expect(balance).toBe(running);
    const sorted = [...rows].sort((x, y) => x.transactionDate.localeCompare(y.transactionDate));
    expect(rows).toEqual(sorted);
  });

  it('writes Indonesian transfer descriptions with order and invoice references, and a monthly fee', async () => {
    const { rows } = await new SimulatorConnector({ seed: 'texts' }).fetchStatement(context(), range);
    const texts = rows.map((r: StatementRow) => r.description);
    for (const pattern of [
      /^TRSF E-BANKING CR \d{4}\/FTSCY\/WS95271 \d+\.00 [A-Z ]+/,
      /^BI-FAST CR BIF TRANSFER DR \d{3} /,
      /^QRIS CR \d{8} /,
      /^SETORAN TUNAI /,
      /ORDER-\d{5}/,
      /INV\/2025\/\d{2}\/\d{4}/,
    ]) {
      expect(texts.some((t) => pattern.test(t))).toBe(true);
    }
    expect(rows.some((r) => r.type === 'DB')).toBe(true);
    expect(rows.find((r) => r.transactionDate === '2025-02-28 23:59:00')).toMatchObject({
      type: 'DB',
      amount: 15_000,
      description: 'BIAYA ADM',
    });
  });

  it('shows today only up to now, and the same earlier rows once later rows exist', async () => {
    const simulator = new SimulatorConnector({ seed: 'today', averageRowsPerDay: 40 });
    const noon = new Date('2025-03-12T05:00:00Z');
    const evening = new Date('2025-03-12T14:00:00Z');
    const today = { from: '2025-03-12', to: '2025-03-12' };
    const early = await simulator.fetchStatement(context({ now: () => noon }), today);
    const late = await simulator.fetchStatement(context({ now: () => evening }), today);
    expect(early.rows.every((r) => r.transactionDate <= '2025-03-12 12:00:00')).toBe(true);
    expect(late.rows.length).toBeGreaterThan(early.rows.length);
    expect(late.rows.slice(0, early.rows.length)).toEqual(early.rows);
  });

  it('has no rows before the day it opened, and refuses a malformed range', async () => {
    const simulator = new SimulatorConnector({ openedOn: '2025-03-01' });
    expect(
      (await simulator.fetchStatement(context(), { from: '2025-02-01', to: '2025-02-28' })).rows,
    ).toEqual([]);
    await expect(
      simulator.fetchStatement(context(), { from: '2025-03-10', to: '2025-03-01' }),
    ).rejects.toThrow('invalid date range 2025-03-10..2025-03-01');
  });
});
