/**
 * @module connectors/simulator/simulated-day
 * One day of the fake bank's statement for one account: a pure function of the account's seed,
 * the date and the opening balance of that day, so every fetch of that day gives the same rows.
 */
import type { StatementRow } from '../connector.js';
import { SeededRandom } from './seeded-random.js';
import { creditTemplate, debitTemplates, MONTHLY_FEE, type RowTemplate } from './transaction-templates.js';

/** A day's rows (in time order) and the balance after the last one. */
export interface SimulatedDay {
  rows: StatementRow[];
  closingBalance: number;
}

function isLastDayOfMonth(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate() === d;
}

function dayOfWeek(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/**
 * Generates the rows of `date` (`YYYY-MM-DD`, WIB). Debits never exceed the running balance, so
 * the balance stays positive; times are spread over the day, business hours more often.
 */
export function simulateDay(
  accountSeed: string,
  date: string,
  openingBalance: number,
  averageRowsPerDay: number,
): SimulatedDay {
  const random = new SeededRandom(`${accountSeed}|${date}`);
  const weekday = dayOfWeek(date);
  const mean = weekday === 0 || weekday === 6 ? averageRowsPerDay / 2 : averageRowsPerDay;
  const count = random.int(0, Math.max(0, Math.round(mean * 2)));
  const seconds: number[] = [];
  for (let i = 0; i < count; i++) {
    seconds.push(random.chance(0.8) ? random.int(8 * 3600, 21 * 3600) : random.int(0, 86_399));
  }
  seconds.sort((a, b) => a - b);
  let balance = openingBalance;
  const rows: StatementRow[] = [];
  const push = (template: RowTemplate, at: number): void => {
    balance += template.type === 'CR' ? template.amount : -template.amount;
    rows.push({ transactionDate: `${date} ${clock(at)}`, ...template, balance });
  };
  for (const at of seconds) {
    if (random.chance(0.65)) push(creditTemplate(random, date), at);
    else for (const template of debitTemplates(random, date, Math.floor(balance * 0.3))) push(template, at);
  }
  if (isLastDayOfMonth(date) && balance >= MONTHLY_FEE.amount) push(MONTHLY_FEE, 86_340);
  return { rows, closingBalance: balance };
}
