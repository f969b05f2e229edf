/**
 * @module connectors/simulator/simulator-connector
 * The `simulator` module: a deterministic fake bank. Each account's statement is derived from the
 * seed and the account number alone, so fetching a range again gives the same rows (and the
 * ingest dedupes them), and rows are never dated after `ctx.now()`.
 */
import { formatWibDateTime, isWibDate } from 'mutasibank';
import type { Connector, ConnectorContext, ConnectorResult, DateRange, StatementRow } from '../connector.js';
import { type SimulatedDay, simulateDay } from './simulated-day.js';

/** Settings of the fake bank. */
export interface SimulatorOptions {
  /** Seed of every account's statement. Default `'mutasibank'`. */
  seed?: string;
  /** First day (WIB, `YYYY-MM-DD`) with rows; the balance history starts here. Default `2025-01-01`. */
  openedOn?: string;
  /** Balance before the first row, in rupiah. Default 25,000,000. */
  openingBalance?: number;
  /** Mean rows per weekday (weekends half). Default 8. */
  averageRowsPerDay?: number;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

/**
 * A fake bank for development and tests. Its days are cached per account, so a long history is
 * generated once per process.
 *
 * @example
 * const simulator = new SimulatorConnector({ seed: 'demo' });
 * const { rows } = await simulator.fetchStatement(ctx, { from: '2025-03-01', to: '2025-03-07' });
 */
export class SimulatorConnector implements Connector {
  readonly module = 'simulator';
  readonly bankName = 'Simulator (fake bank)';
  readonly requiredCredentials = [] as const;
  private readonly seed: string;
  private readonly openedOn: string;
  private readonly openingBalance: number;
  private readonly averageRowsPerDay: number;
  /** Per account number: generated days, in date order from `openedOn`. */
  private readonly days = new Map<string, SimulatedDay[]>();

  constructor(options: SimulatorOptions = {}) {
    this.seed = options.seed ?? 'mutasibank';
    this.openedOn = options.openedOn ?? '2025-01-01';
    this.openingBalance = options.openingBalance ?? 25_000_000;
    this.averageRowsPerDay = options.averageRowsPerDay ?? 8;
    if (!isWibDate(this.openedOn)) throw new RangeError(`openedOn must be YYYY-MM-DD, got ${this.openedOn}`);
    if (!Number.isSafeInteger(this.openingBalance) || this.openingBalance < 0) {
      throw new RangeError('openingBalance must be a non-negative integer rupiah amount');
    }
  }

  async fetchStatement(ctx: ConnectorContext, range: DateRange): Promise<ConnectorResult> {
    ctx.signal.throwIfAborted();
    if (!isWibDate(range.from) || !isWibDate(range.to) || range.from > range.to) {
      throw new RangeError(`invalid date range ${range.from}..${range.to}`);
    }
    const now = formatWibDateTime(ctx.now());
    const rows: StatementRow[] = [];
    let balance = this.openingBalance;
    let date = this.openedOn;
    // The whole history is walked because the current balance is the one after the last row
    // up to now, whatever the range; a dev account's history is a few thousand rows.
    for (const day of this.history(ctx.account.accountNo, now.slice(0, 10))) {
      for (const row of day.rows) {
        if (row.transactionDate > now) break;
        balance = row.balance ?? balance;
        if (date >= range.from && date <= range.to) rows.push(row);
      }
      date = nextDate(date);
    }
    return { rows, balance };
  }

  /** The account's days from `openedOn` through `until`, generating the missing ones. */
  private history(accountNo: string, until: string): readonly SimulatedDay[] {
    let days = this.days.get(accountNo);
    if (days === undefined) {
      days = [];
      this.days.set(accountNo, days);
    }
    let date = this.openedOn;
    for (let i = 0; i < days.length; i++) date = nextDate(date);
    const accountSeed = `${this.seed}|${accountNo}`;
    while (date <= until) {
      const opening = days.at(-1)?.closingBalance ?? this.openingBalance;
      days.push(simulateDay(accountSeed, date, opening, this.averageRowsPerDay));
      date = nextDate(date);
    }
    return days;
  }
}
