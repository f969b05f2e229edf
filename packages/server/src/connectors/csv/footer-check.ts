/**
 * @module connectors/csv/footer-check
 * The footer check of KlikBCA-style files: Saldo Awal + Mutasi Kredit - Mutasi Debet = Saldo
 * Akhir, and the rows read add up to Mutasi Kredit and Mutasi Debet (and their counts, when the
 * footer gives them). Sums are kept in integer sen, so the check is exact.
 */
import { formatSen } from './amount.js';
import type { KeyValueKind } from './key-value-line.js';
import type { SignMarker } from './sign-marker.js';

/** The footer's four figures, in sen. */
export interface FooterFigures {
  openingSen: number;
  creditSen: number;
  debitSen: number;
  closingSen: number;
}

/** What the rows of the file add up to, in sen. Pending rows are kept apart. */
export interface RowTotals {
  creditSen: number;
  debitSen: number;
  creditCount: number;
  debitCount: number;
  pendingCreditSen: number;
  pendingDebitSen: number;
  pendingCount: number;
}

/**
 * The outcome of the footer check. `ok`: every figure agrees (`isPendingIncluded` says the totals
 * only add up with the PEND rows counted, which then were read correctly but are not stored);
 * `mismatch`: the `problems` say which figures disagree; `not_available`: the format or this file
 * has no footer.
 */
export type FooterCheck =
  | ({ status: 'ok'; isPendingIncluded: boolean } & FooterFigures)
  | { status: 'mismatch'; problems: string[]; footer: Partial<FooterFigures>; rows: RowTotals }
  | { status: 'not_available'; reason: string };

const FOOTER_NAMES: Readonly<Record<keyof FooterFigures, string>> = {
  openingSen: 'Saldo Awal',
  creditSen: 'Mutasi Kredit',
  debitSen: 'Mutasi Debet',
  closingSen: 'Saldo Akhir',
};

const KIND_TO_FIGURE: Partial<Record<KeyValueKind, keyof FooterFigures>> = {
  openingBalance: 'openingSen',
  totalCredit: 'creditSen',
  totalDebit: 'debitSen',
  closingBalance: 'closingSen',
};

/** Accumulates row totals and footer figures while a file streams by, then checks them. */
export class FooterTotals {
  readonly rows: RowTotals = {
    creditSen: 0,
    debitSen: 0,
    creditCount: 0,
    debitCount: 0,
    pendingCreditSen: 0,
    pendingDebitSen: 0,
    pendingCount: 0,
  };
  private readonly footer: Partial<FooterFigures> = {};
  private readonly footerCounts: { creditCount?: number; debitCount?: number } = {};

  /** True for the key/value kinds that belong to the footer. */
  static isFooterKind(kind: KeyValueKind): boolean {
    return KIND_TO_FIGURE[kind] !== undefined;
  }

  /** Counts a row that was read (stored or not: the check is about reading the file right). */
  addRow(type: SignMarker, sen: number): void {
    if (type === 'CR') {
      this.rows.creditSen += sen;
      this.rows.creditCount++;
    } else {
      this.rows.debitSen += sen;
      this.rows.debitCount++;
    }
  }

  /** Counts a PEND row; its amount when the row shows one. */
  addPending(type: SignMarker | undefined, sen: number | undefined): void {
    this.rows.pendingCount++;
    if (type === 'CR') this.rows.pendingCreditSen += sen ?? 0;
    if (type === 'DB') this.rows.pendingDebitSen += sen ?? 0;
  }

  /** Records a footer figure (and the count some footers put after it). */
  addFooter(kind: KeyValueKind, sen: number, count: number | undefined): void {
    const figure = KIND_TO_FIGURE[kind];
    if (figure === undefined) return;
    this.footer[figure] = sen;
    if (count !== undefined && kind === 'totalCredit') this.footerCounts.creditCount = count;
    if (count !== undefined && kind === 'totalDebit') this.footerCounts.debitCount = count;
  }

  /** Checks the figures against each other and against the rows. */
  check(hasFooter: boolean, formatLabel: string): FooterCheck {
    const present = Object.keys(this.footer) as (keyof FooterFigures)[];
    if (!hasFooter && present.length === 0) {
      return { status: 'not_available', reason: `${formatLabel} files have no footer totals` };
    }
    if (present.length === 0) {
      return {
        status: 'not_available',
        reason:
          'the file has no Saldo Awal / Mutasi Kredit / Mutasi Debet / Saldo Akhir footer (it may be cut short)',
      };
    }
    const missing = (Object.keys(FOOTER_NAMES) as (keyof FooterFigures)[]).filter(
      (k) => this.footer[k] === undefined,
    );
    if (missing.length > 0) {
      const names = missing.map((k) => FOOTER_NAMES[k]).join(', ');
      return {
        status: 'mismatch',
        problems: [`the footer is incomplete: ${names} missing`],
        footer: this.footer,
        rows: this.rows,
      };
    }
    const figures = this.footer as FooterFigures;
    const problems: string[] = [];
    const expectedClosing = figures.openingSen + figures.creditSen - figures.debitSen;
    if (expectedClosing !== figures.closingSen) {
      problems.push(
        `Saldo Awal ${formatSen(figures.openingSen)} + Mutasi Kredit ${formatSen(figures.creditSen)} - ` +
          `Mutasi Debet ${formatSen(figures.debitSen)} is ${formatSen(expectedClosing)}, ` +
          `but Saldo Akhir says ${formatSen(figures.closingSen)}`,
      );
    }
    const posted = this.compareRows(figures, false);
    if (posted.length === 0) return { status: 'ok', isPendingIncluded: false, ...figures };
    if (this.rows.pendingCount > 0 && this.compareRows(figures, true).length === 0 && problems.length === 0) {
      return { status: 'ok', isPendingIncluded: true, ...figures };
    }
    return { status: 'mismatch', problems: [...problems, ...posted], footer: figures, rows: this.rows };
  }

  private compareRows(figures: FooterFigures, withPending: boolean): string[] {
    const r = this.rows;
    const credit = r.creditSen + (withPending ? r.pendingCreditSen : 0);
    const debit = r.debitSen + (withPending ? r.pendingDebitSen : 0);
    const problems: string[] = [];
    if (credit !== figures.creditSen) {
      problems.push(
        `the credit rows add up to ${formatSen(credit)}, but Mutasi Kredit says ${formatSen(figures.creditSen)}`,
      );
    }
    if (debit !== figures.debitSen) {
      problems.push(
        `the debit rows add up to ${formatSen(debit)}, but Mutasi Debet says ${formatSen(figures.debitSen)}`,
      );
    }
    const { creditCount, debitCount } = this.footerCounts;
    if (!withPending && creditCount !== undefined && creditCount !== r.creditCount) {
      problems.push(`${r.creditCount} credit rows were read, but the footer counts ${creditCount}`);
    }
    if (!withPending && debitCount !== undefined && debitCount !== r.debitCount) {
      problems.push(`${r.debitCount} debit rows were read, but the footer counts ${debitCount}`);
    }
    return problems;
  }
}
