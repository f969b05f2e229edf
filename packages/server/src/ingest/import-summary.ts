/**
 * @module ingest/import-summary
 * The report of one statement file import, as the API answers it and the CLI prints it: what
 * was read, what was new, what was refused and where, and whether anything was stored.
 */
import type { RejectedLine, StatementFormatName, StatementSummary } from '../connectors/csv/index.js';

/** The footer check in a summary (see docs/connectors.md, "Checks"). */
export interface ImportFooterCheck {
  status: 'ok' | 'mismatch' | 'not_available';
  /** `ok` only: the totals add up only with the PEND rows counted (which are not stored). */
  pending_included?: boolean;
  /** `mismatch` only: which figures disagree, as sentences with the figures. */
  problems?: string[];
  /** `not_available` only: why there was nothing to check. */
  reason?: string;
}

/** The running-balance check (informational: it never blocks an import). */
export interface ImportRunningBalanceCheck {
  status: 'ok' | 'broken' | 'not_available';
  order?: 'oldest_first' | 'newest_first';
  /** `broken` only: the first line whose balance does not follow. */
  line?: number;
  reason?: string;
}

/** How the file's account number compares with the account imported into. */
export interface ImportAccountCheck {
  /**
   * `ok` the numbers agree; `mismatch` they differ (the file is refused); `forced` they differ
   * and `force_account` was given; `not_in_file` the file names no account (BNI).
   */
  status: 'ok' | 'mismatch' | 'forced' | 'not_in_file';
  file_account_no: string | null;
  account_no: string;
}

/** Why a file was refused: nothing of it was stored. */
export interface ImportRefusal {
  /** `account_mismatch`: the file is for another account; `incomplete`: the file failed its check. */
  reason: 'account_mismatch' | 'incomplete';
  message: string;
}

/** The report of one file import. Money is integer rupiah. */
export interface ImportSummary {
  account_id: number;
  /** The uploaded or given file name, when known. */
  file_name: string | null;
  format: StatementFormatName;
  /** `format/variant`, e.g. `klikbca/id`. */
  variant: string;
  format_label: string;
  /** Physical lines in the file. */
  lines: number;
  /** Dated rows read (PEND and rejected lines not included). */
  read: number;
  /** Of those, rows the account did not have: stored when `committed` (would be, in a dry run). */
  new: number;
  /** Rows the account already had (a re-import) and that were not stored again. */
  duplicate: number;
  /** PEND rows, skipped (see docs/import.md). */
  pending: number;
  /** Lines that could not be read; the first 1000 are listed in `rejected`. */
  rejected_count: number;
  rejected: RejectedLine[];
  /** Balances with sen, truncated to whole rupiah. */
  balances_truncated: number;
  /** Sums of the rows read. */
  totals: { credit: number; debit: number };
  footer: ImportFooterCheck;
  running_balance: ImportRunningBalanceCheck;
  account_check: ImportAccountCheck;
  /** Whether the request allowed storing the good rows of a file that fails its check. */
  partial: boolean;
  dry_run: boolean;
  /** True when this import's transaction was committed (false for dry runs and refusals). */
  committed: boolean;
  /** Set when the file was refused; then nothing of it was stored. */
  refused: ImportRefusal | null;
}

/** Turns the parser's footer check into the summary's. */
export function footerView(footer: StatementSummary['footer']): ImportFooterCheck {
  if (footer.status === 'ok') return { status: 'ok', pending_included: footer.isPendingIncluded };
  if (footer.status === 'mismatch') return { status: 'mismatch', problems: footer.problems };
  return { status: 'not_available', reason: footer.reason };
}

/** Turns the parser's running-balance check into the summary's. */
export function runningBalanceView(check: StatementSummary['runningBalance']): ImportRunningBalanceCheck {
  if (check.status === 'ok') return { status: 'ok', order: check.order };
  if (check.status === 'broken') return { status: 'broken', line: check.line, reason: check.reason };
  return { status: 'not_available', reason: check.reason };
}
