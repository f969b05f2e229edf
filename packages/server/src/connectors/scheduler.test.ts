import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../../test/helpers/temp-store.js';
import { ManualClock } from '../clock.js';
import { Ingestor } from '../ingest/ingest.js';
import type { Store } from '../store/store.js';
import { type Connector, ConnectorError, type ConnectorResult } from './connector.js';
import { Scheduler } from './scheduler.js';

const MIN = 60_000;
let temp: TempStore;
let store: Store;
let clock: ManualClock;
let accountId: number;
let userId: number;

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2025, 0, 10, 3, 0));
  temp = await openTempStore(clock);
  ({ store, userId } = temp);
  accountId = await temp.addAccount({ module: 'fake' });
});
afterEach(() => temp.close());

function fakeConnector(
  impl: Connector['fetchStatement'],
  requiredCredentials: Connector['requiredCredentials'] = [],
): Connector & { calls: number } {
  const c = {
    module: 'fake',
    bankName: 'Fake',
    requiredCredentials,
    calls: 0,
    fetchStatement: async (...args: Parameters<Connector['fetchStatement']>) => {
      c.calls++;
      return impl(...args);
    },
  };
  return c;
}

const rows: ConnectorResult = {
  rows: [
    { transactionDate: '2025-01-10 09:00:00', description: 'TRSF', type: 'CR', amount: 5000, balance: 5000 },
  ],
  balance: 5000,
};

function scheduler(connector: Connector, extra: Partial<ConstructorParameters<typeof Scheduler>[0]> = {}) {
  return new Scheduler({
    store,
    sink: new Ingestor(store, clock),
    connectors: { get: (m) => (m === connector.module ? connector : undefined) },
    clock,
    owner: 'test-1',
    random: () => 0.5,
    ...extra,
  });
}

describe('Scheduler', () => {
  it('runs a due account, logs the run, and schedules the next one schedule_minutes later', async () => {
    const c = fakeConnector(async (_ctx, range) => {
      expect(range).toEqual({ from: '2025-01-09', to: '2025-01-10' });
      return rows;
    });
    const s = scheduler(c);
    await s.tick();
    await s.idle();
    expect(c.calls).toBe(1);
    const [run] = await store.botRuns.list(accountId);
    expect(run).toMatchObject({ trigger: 'schedule', outcome: 'ok', rows_read: 1, rows_new: 1, error: null });
    const account = await store.accounts.getById(accountId);
    expect(account).toMatchObject({
      balance: 5000,
      last_bot_activity: clock.now(),
      next_bot_process: clock.now() + 15 * MIN,
    });

    await s.tick();
    await s.idle();
    expect(c.calls).toBe(1);
    clock.advance(15 * MIN);
    await s.tick();
    await s.idle();
    expect(c.calls).toBe(2);
    expect((await store.botRuns.list(accountId))[0]).toMatchObject({
      outcome: 'ok',
      rows_read: 1,
      rows_new: 0,
    });
  });

  it('rerun runs at once and is logged as a rerun; switched-off accounts do not run', async () => {
    const c = fakeConnector(async () => rows);
    const s = scheduler(c);
    await s.tick();
    await s.idle();
    await s.requestRun(accountId);
    await s.tick();
    await s.idle();
    expect(c.calls).toBe(2);
    expect((await store.botRuns.list(accountId))[0]?.trigger).toBe('rerun');

    await store.accounts.setActive(userId, accountId, false);
    clock.advance(60 * MIN);
    await s.requestRun(accountId);
    await s.tick();
    await s.idle();
    expect(c.calls).toBe(2);
    await store.accounts.setActive(userId, accountId, true);
    await s.tick();
    await s.idle();
    expect(c.calls).toBe(3);
  });

  it('never runs one account twice at once, in this process or another on the same file', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const c = fakeConnector(async () => {
      await gate;
      return rows;
    });
    const s1 = scheduler(c);
    const other = await temp.openAgain();
    const s2 = new Scheduler({
      store: other,
      sink: new Ingestor(other, clock),
      connectors: { get: () => c },
      clock,
      owner: 'test-2',
    });
    try {
      await s1.tick();
      await s1.requestRun(accountId);
      await s1.tick();
      await s2.tick();
      expect(c.calls).toBe(1);
      release();
      await s1.idle();
      await s2.idle();
      expect(c.calls).toBe(1);
      // the rerun asked for during the run follows straight after it
      await s2.tick();
      await s2.idle();
      expect(c.calls).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('says plainly what a failing connector needs and backs off', async () => {
    const c = fakeConnector(async () => {
      throw new ConnectorError(
        'token_required',
        'this BCA account needs a KeyBCA token pair: send it with input_token',
      );
    });
    const s = scheduler(c);
    await s.tick();
    await s.idle();
    expect((await store.botRuns.list(accountId))[0]).toMatchObject({
      outcome: 'error',
      error: 'this BCA account needs a KeyBCA token pair: send it with input_token',
    });
    const first = (await store.accounts.getById(accountId))!;
    expect(first.next_bot_process! - clock.now()).toBe(30 * MIN);
    clock.set(first.next_bot_process!);
    await s.tick();
    await s.idle();
    const second = (await store.accounts.getById(accountId))!;
    expect(second.next_bot_process! - clock.now()).toBe(60 * MIN);
    expect(second.bot_failures).toBe(2);
  });

  it('checks declared credentials before calling the connector', async () => {
    const c = fakeConnector(async () => rows, ['user_banking', 'password_banking']);
    await store.accounts.update(userId, accountId, {}, { user_banking: 'budi' });
    const s = scheduler(c);
    await s.tick();
    await s.idle();
    expect(c.calls).toBe(0);
    expect((await store.botRuns.list(accountId))[0]?.error).toContain('needs password_banking');
  });

  it('aborts a run that exceeds its timeout and logs it as a timeout', async () => {
    let aborted = false;
    const c = fakeConnector(
      (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    );
    const s = scheduler(c, { runTimeoutMs: 30 });
    await s.tick();
    await s.idle();
    expect(aborted).toBe(true);
    expect((await store.botRuns.list(accountId))[0]).toMatchObject({
      outcome: 'timeout',
      error: 'the connector did not finish within 0 s',
    });
  });

  it('a lease left by a dead process expires and the account runs again', async () => {
    await store.botSchedule.claimDue({
      owner: 'dead-process',
      now: clock.now(),
      leaseMs: 5 * MIN,
      limit: 10,
    });
    const c = fakeConnector(async () => rows);
    const s = scheduler(c);
    await s.tick();
    await s.idle();
    expect(c.calls).toBe(0);
    clock.advance(5 * MIN + 1);
    await s.tick();
    await s.idle();
    expect(c.calls).toBe(1);
  });

  it('keeps next run times across a restart', async () => {
    const c = fakeConnector(async () => rows);
    const s = scheduler(c);
    await s.tick();
    await s.idle();
    const next = (await store.accounts.getById(accountId))!.next_bot_process;
    await store.close();
    store = await temp.openAgain();
    temp.store = store;
    expect((await store.accounts.getById(accountId))!.next_bot_process).toBe(next);
    const again = scheduler(c);
    await again.tick();
    await again.idle();
    expect(c.calls).toBe(1);
  });
});
