/**
 * @module ingest/import-statement
 * Imports one statement file into one account through the ingest path, whole-file: the file is
 * parsed as a stream into one transaction, and only at its end, when the footer check and the
 * rejected lines are known, is the transaction committed, or rolled back so that nothing of a
 * file that fails is stored (unless a partial import was asked for). Used by the API route and
 * by the CLI's offline `import`.
 */
import type { Clock } from '../clock.js';
import type { StatementRow } from '../connectors/connector.js';
import {
  parseStatement,
  StatementFormatError,
  type StatementParse,
  type StatementSource,
  type StatementSummary,
} from '../connectors/csv/index.js';
import type { Store } from '../store/store.js';
import {
  footerView,
  type ImportAccountCheck,
  type ImportRefusal,
  type ImportSummary,
  runningBalanceView,
} from './import-summary.js';
import type { Ingestor } from './ingest.js';

/** What {@link importStatement} works with. */
export interface ImportDependencies {
  store: Store;
  ingestor: Ingestor;
  clock: Clock;
}

/** Options of {@link importStatement}. */
export interface ImportStatementOptions {
  accountId: number;
  /** The file: a read stream, a request body, or an array of chunks. */
  source: StatementSource;
  /** Force one of `STATEMENT_FORMATS` instead of detecting the format from the header. */
  format?: string | undefined;
  /** Year of `DD/MM` dates in files without a Periode line. */
  year?: number | undefined;
  /** Store the rows that were read even when the file fails its check (footer, rejected lines). */
  allowPartial?: boolean | undefined;
  /** Count what would be stored, store nothing. */
  dryRun?: boolean | undefined;
  /** Import even when the file names another account number than the account's. */
  forceAccount?: boolean | undefined;
  /** Shown in the summary. */
  fileName?: string | undefined;
  /** Most new rows handed to the ingest hooks at once. Default 500. */
  hookBatchRows?: number | undefined;
}

/** Thrown when the account to import into does not exist. */
export class ImportAccountNotFoundError extends Error {
  override name = 'ImportAccountNotFoundError';
}

// Banks print the same account with and without leading zeros and with separators.
function comparableAccountNo(text: string): string {
  return text.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
}

function checkAccount(
  summary: StatementSummary,
  accountNo: string,
  forceAccount: boolean,
): ImportAccountCheck {
  const inFile = summary.account.accountNo ?? null;
  const base = { file_account_no: inFile, account_no: accountNo };
  if (inFile === null || comparableAccountNo(inFile) === '') return { status: 'not_in_file', ...base };
  if (comparableAccountNo(inFile) === comparableAccountNo(accountNo)) return { status: 'ok', ...base };
  return { status: forceAccount ? 'forced' : 'mismatch', ...base };
}

function describeFailure(summary: StatementSummary): string {
  const parts: string[] = [];
  if (summary.footer.status === 'mismatch')
    parts.push(`the footer does not match: ${summary.footer.problems.join('; ')}`);
  const rejected = summary.counts.rejected;
  if (rejected > 0) {
    const listed = summary.rejected
      .slice(0, 3)
      .map((r) => `line ${r.line}: ${r.reason}`)
      .join('; ');
    const more = rejected > 3 ? `; and ${rejected - 3} more` : '';
    parts.push(`${rejected} line${rejected === 1 ? '' : 's'} could not be read (${listed}${more})`);
  }
  return parts.join('; ');
}

function refusalOf(
  summary: StatementSummary,
  accountCheck: ImportAccountCheck,
  options: ImportStatementOptions,
): ImportRefusal | null {
  if (accountCheck.status === 'mismatch') {
    return {
      reason: 'account_mismatch',
      message: `the file is for account number ${accountCheck.file_account_no}, but account ${options.accountId} is ${accountCheck.account_no}; nothing was stored (import it into the right account, or force the account check off)`,
    };
  }
  if (summary.isComplete || options.allowPartial) return null;
  const rows = summary.counts.rows;
  return {
    reason: 'incomplete',
    message: `the file did not pass its check, so nothing was stored: ${describeFailure(summary)}. Fix the file, or import it as partial to store the ${rows} row${rows === 1 ? '' : 's'} that ${rows === 1 ? 'was' : 'were'} read`,
  };
}

async function* rowsOf(parse: StatementParse): AsyncGenerator<StatementRow[]> {
  for await (const batch of parse.batches()) yield batch.map((b) => b.row);
}

/**
 * Imports one statement file (KlikBCA, KlikBCA Bisnis, Mandiri MCM, BNI, BRI) into an account,
 * whole-file and streaming: see the module comment and docs/import.md. Returns the summary
 * whether the file was stored or refused (`refused` says why); throws `StatementFormatError`
 * when the file is no statement at all (nothing is stored then either), and
 * {@link ImportAccountNotFoundError} for a missing account. Every import except a dry run is
 * recorded in the account's bot log with trigger `import`.
 *
 * @example
 * const summary = await importStatement(
 *   { store, ingestor, clock },
 *   { accountId: 1, source: createReadStream('mutasi.csv'), fileName: 'mutasi.csv' },
 * );
 * if (summary.refused) console.error(summary.refused.message);
 * else console.log(`${summary.new} new, ${summary.duplicate} already stored`);
 */
export async function importStatement(
  deps: ImportDependencies,
  options: ImportStatementOptions,
): Promise<ImportSummary> {
  const { store, ingestor, clock } = deps;
  const parse = parseStatement(options.source, { format: options.format, year: options.year });
  const account = await store.accounts.getById(options.accountId);
  if (!account) throw new ImportAccountNotFoundError(`account ${options.accountId} does not exist`);
  const judge = (summary: StatementSummary) => {
    const accountCheck = checkAccount(summary, account.account_no, options.forceAccount === true);
    return { accountCheck, refused: refusalOf(summary, accountCheck, options) };
  };
  const isDryRun = options.dryRun === true;
  const runId = isDryRun ? undefined : await store.botRuns.start(account.id, 'import', clock.now());
  try {
    const result = await ingestor.ingestStream({
      accountId: account.id,
      source: 'import',
      batches: rowsOf(parse),
      dryRun: isDryRun,
      decide: () => (judge(parse.summary()).refused ? 'rollback' : 'commit'),
      ...(options.hookBatchRows !== undefined && { hookBatchRows: options.hookBatchRows }),
    });
    const parsed = parse.summary();
    const { accountCheck, refused } = judge(parsed);
    const summary: ImportSummary = {
      account_id: account.id,
      file_name: options.fileName ?? null,
      format: parsed.format,
      variant: parsed.variant,
      format_label: parsed.formatLabel,
      lines: parsed.counts.lines,
      read: result.read,
      new: result.insertedCount,
      duplicate: result.duplicates,
      pending: parsed.counts.pending,
      rejected_count: parsed.counts.rejected,
      rejected: parsed.rejected,
      balances_truncated: parsed.counts.balancesTruncated,
      totals: { credit: parsed.totals.creditRupiah, debit: parsed.totals.debitRupiah },
      footer: footerView(parsed.footer),
      running_balance: runningBalanceView(parsed.runningBalance),
      account_check: accountCheck,
      partial: options.allowPartial === true,
      dry_run: isDryRun,
      committed: result.committed,
      refused,
    };
    if (runId !== undefined) {
      await store.botRuns.finish(runId, {
        finishedAt: clock.now(),
        outcome: refused ? 'error' : 'ok',
        rowsRead: result.read,
        rowsNew: result.committed ? result.insertedCount : 0,
        ...(refused && { error: `${options.fileName ?? 'statement file'}: ${refused.message}` }),
      });
    }
    return summary;
  } catch (err) {
    if (runId !== undefined) {
      // The bot log shows what the owner can fix; anything else (a database failure) stays in
      // the server's log, where the route's error handler puts it.
      const message =
        err instanceof StatementFormatError
          ? err.message
          : 'the import failed on the server; nothing was stored';
      await store.botRuns.finish(runId, {
        finishedAt: clock.now(),
        outcome: 'error',
        rowsRead: 0,
        rowsNew: 0,
        error: `${options.fileName ?? 'statement file'}: ${message}`,
      });
    }
    throw err;
  }
}
