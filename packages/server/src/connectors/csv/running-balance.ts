/**
 * @module connectors/csv/running-balance
 * A second, format-independent check: each row's balance should follow from the one before by
 * its amount. Files come oldest first or newest first, so both orders are followed at once with
 * constant memory. The result is informational: a break shows rows missing or misread, but some
 * banks print balances in posting order rather than row order, so it never blocks an import.
 */
import { formatSen } from './amount.js';
import type { SignMarker } from './sign-marker.js';

/** The running-balance outcome. */
export type RunningBalanceCheck =
  | { status: 'ok'; order: 'oldest_first' | 'newest_first' }
  | { status: 'broken'; line: number; reason: string }
  | { status: 'not_available'; reason: string };

interface Previous {
  line: number;
  balanceSen: number;
  signedSen: number;
}

interface FirstBreak {
  line: number;
  reason: string;
}

/** Follows balances row by row. */
export class RunningBalance {
  private previous: Previous | undefined;
  private links = 0;
  private oldestFirstBreak: FirstBreak | undefined;
  private newestFirstBreak: FirstBreak | undefined;

  /** Feeds one read row; a row without balance interrupts the chain. */
  add(line: number, type: SignMarker, amountSen: number, balanceSen: number | null): void {
    if (balanceSen === null) {
      this.previous = undefined;
      return;
    }
    const signedSen = type === 'CR' ? amountSen : -amountSen;
    const prev = this.previous;
    if (prev !== undefined) {
      this.links++;
      const oldestFirst = prev.balanceSen + signedSen;
      if (this.oldestFirstBreak === undefined && oldestFirst !== balanceSen) {
        this.oldestFirstBreak = {
          line,
          reason: `balance ${formatSen(balanceSen)} does not follow from ${formatSen(prev.balanceSen)} on line ${prev.line} by ${type} ${formatSen(amountSen)}`,
        };
      }
      if (this.newestFirstBreak === undefined && balanceSen + prev.signedSen !== prev.balanceSen) {
        this.newestFirstBreak = { line, reason: 'balances do not follow newest first either' };
      }
    }
    this.previous = { line, balanceSen, signedSen };
  }

  /** The outcome over all rows fed. */
  result(): RunningBalanceCheck {
    if (this.links === 0)
      return { status: 'not_available', reason: 'fewer than two consecutive rows have a balance' };
    if (this.oldestFirstBreak === undefined) return { status: 'ok', order: 'oldest_first' };
    if (this.newestFirstBreak === undefined) return { status: 'ok', order: 'newest_first' };
    return { status: 'broken', ...this.oldestFirstBreak };
  }
}
