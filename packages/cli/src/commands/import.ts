/**
 * @module commands/import
 * `mutasibank import --account <id> <file>...`: statement files into an account, each file
 * whole (stored in one transaction, or not at all), either straight into the local database
 * (`--db`, `--key-file`, as `users` and `tokens`) or through a running server's API (`--url`,
 * `--token`), streaming the file as the request body. Prints a summary per file.
 *
 * Exit codes: 0 every file imported (or, with `--dry-run`, would be); 1 at least one file was
 * refused (it failed its check, names another account, is no statement, or is too large), the
 * other files are still imported; 2 nothing could run (bad flags, unknown account, database or
 * server unreachable, token refused).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import {
  createIngestor,
  type ImportSummary,
  importStatement,
  loadConfig,
  openConfiguredStore,
  STATEMENT_FORMATS,
  StatementFormatError,
} from '@mutasibank/server';
import { type Command, Option } from 'commander';
import type { CommandIo } from './command-io.js';
import { type FileProgress, startFileProgress } from './import-progress.js';
import { formatImportSummary } from './import-report.js';

interface ImportFlags {
  account: string;
  format?: string;
  year?: string;
  partial?: boolean;
  dryRun?: boolean;
  forceAccount?: boolean;
  db?: string;
  keyFile?: string;
  url?: string;
  token?: string;
  json?: boolean;
}

/** What the user asked for, checked. */
interface ImportRequest {
  accountId: number;
  format: string | undefined;
  year: number | undefined;
  allowPartial: boolean;
  dryRun: boolean;
  forceAccount: boolean;
}

/** What happened to one file: imported (or would be), or refused with a summary or a reason. */
interface FileOutcome {
  isRefused: boolean;
  summary: ImportSummary | undefined;
  message: string | undefined;
}

/** Imports files one by one into one account, locally or through the API. */
interface FileImporter {
  importFile(path: string, sizeBytes: number, progress: FileProgress): Promise<FileOutcome>;
  close(): Promise<void>;
}

/** Stops the command: message printed, exit code 2. */
class ImportUsageError extends Error {}

function readRequest(flags: ImportFlags): ImportRequest {
  if (!/^\d+$/.test(flags.account) || Number(flags.account) < 1)
    throw new ImportUsageError(
      `--account must be an account id (a positive number), got ${JSON.stringify(flags.account)}`,
    );
  if (flags.format !== undefined && !(STATEMENT_FORMATS as readonly string[]).includes(flags.format))
    throw new ImportUsageError(
      `--format must be one of ${STATEMENT_FORMATS.join(', ')}, got ${JSON.stringify(flags.format)}`,
    );
  if (flags.year !== undefined && !(/^\d{4}$/.test(flags.year) && Number(flags.year) >= 1900))
    throw new ImportUsageError(
      `--year must be a four-digit year from 1900, got ${JSON.stringify(flags.year)}`,
    );
  if (flags.url !== undefined && (flags.db !== undefined || flags.keyFile !== undefined))
    throw new ImportUsageError(
      'give either --url and --token (through a server) or --db (the local database), not both',
    );
  if (flags.url !== undefined && !flags.token)
    throw new ImportUsageError(
      '--url needs --token (or MUTASIBANK_TOKEN): the API token of the account owner',
    );
  return {
    accountId: Number(flags.account),
    format: flags.format,
    year: flags.year === undefined ? undefined : Number(flags.year),
    allowPartial: flags.partial === true,
    dryRun: flags.dryRun === true,
    forceAccount: flags.forceAccount === true,
  };
}

/** Reads a file through the progress counter; read errors surface on the counter. */
function readThrough(path: string, progress: FileProgress): Readable {
  const file = createReadStream(path);
  file.on('error', (err) => progress.counter.destroy(err));
  return file.pipe(progress.counter);
}

async function localImporter(
  flags: ImportFlags,
  request: ImportRequest,
  io: CommandIo,
): Promise<FileImporter> {
  const config = loadConfig(process.env, {
    ...(flags.db !== undefined && { db: flags.db }),
    ...(flags.keyFile !== undefined && { keyFile: flags.keyFile }),
  });
  const clock = { now: () => io.now().getTime() };
  const { store, warnings } = await openConfiguredStore(config, clock);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  if (!(await store.accounts.getById(request.accountId))) {
    await store.close();
    throw new ImportUsageError(`there is no account ${request.accountId} in ${config.dbPath}`);
  }
  const deps = { store, ingestor: createIngestor(store, clock, config.invoices), clock };
  return {
    async importFile(path, _sizeBytes, progress) {
      try {
        const summary = await importStatement(deps, {
          ...request,
          source: readThrough(path, progress),
          fileName: basename(path),
        });
        return { isRefused: summary.refused !== null, summary, message: undefined };
      } catch (err) {
        if (err instanceof StatementFormatError)
          return { isRefused: true, summary: undefined, message: err.message };
        throw err;
      }
    },
    close: () => store.close(),
  };
}

function apiImporter(
  flags: ImportFlags & { url: string; token: string },
  request: ImportRequest,
  io: CommandIo,
): FileImporter {
  const base = flags.url.replace(/\/+$/, '');
  const query = new URLSearchParams();
  if (request.format !== undefined) query.set('format', request.format);
  if (request.year !== undefined) query.set('year', String(request.year));
  if (request.allowPartial) query.set('partial', '1');
  if (request.dryRun) query.set('dry_run', '1');
  if (request.forceAccount) query.set('force_account', '1');
  const search = query.toString();
  const url = `${base}/account/${request.accountId}/import${search === '' ? '' : `?${search}`}`;
  return {
    async importFile(path, sizeBytes, progress) {
      const body = readThrough(path, progress);
      body.on('end', () => progress.setStatus('(the server is importing)'));
      let res: Response;
      try {
        res = await io.fetch(url, {
          method: 'POST',
          headers: {
            authorization: flags.token,
            'content-type': 'text/csv',
            'content-length': String(sizeBytes),
          },
          body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
          duplex: 'half',
        } as RequestInit);
      } catch (err) {
        const reason =
          err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        throw new ImportUsageError(`cannot import through ${base}: ${reason}`);
      }
      const text = await res.text();
      let json: { data?: ImportSummary; message?: string };
      try {
        json = JSON.parse(text) as typeof json;
      } catch {
        throw new ImportUsageError(
          `${base} answered HTTP ${res.status} without JSON; is --url the API base (…/api/v1)?`,
        );
      }
      if (res.status === 200 && json.data)
        return { isRefused: false, summary: json.data, message: undefined };
      if (res.status === 422 || res.status === 413)
        return { isRefused: true, summary: json.data, message: json.message ?? `HTTP ${res.status}` };
      throw new ImportUsageError(`${base} answered HTTP ${res.status}: ${json.message ?? text}`);
    },
    close: async () => {},
  };
}

/** Registers `import` on the program. */
export function registerImportCommand(program: Command, io: CommandIo): void {
  program
    .command('import')
    .description(
      'import statement files into an account, each whole or not at all (exit 1 if a file was refused, 2 if nothing could run)',
    )
    .argument('<file...>', 'statement files (CSV as the bank exported them)')
    .requiredOption('--account <id>', 'the account to import into')
    .option('--format <name>', `force a format instead of detecting it: ${STATEMENT_FORMATS.join(', ')}`)
    .option('--year <yyyy>', 'year of DD/MM dates, for files without a Periode line')
    .option('--partial', 'store the rows that were read even if a file fails its check')
    .option('--dry-run', 'report what would be stored, store nothing')
    .option('--force-account', "import even if a file names another account number than the account's")
    .option('--db <file>', 'the local database (SQLite file or postgres:// URL), as for serve')
    .option('--key-file <file>', 'key file for secrets at rest, as for serve')
    .option('--url <api>', 'import through a running server instead, e.g. http://127.0.0.1:8080/api/v1')
    .addOption(
      new Option('--token <token>', 'API token for --url; prefer the env var: argv is visible in ps').env(
        'MUTASIBANK_TOKEN',
      ),
    )
    .option('--json', 'print each summary as one JSON line instead of text')
    .action(async (files: string[], flags: ImportFlags) => {
      let importer: FileImporter | undefined;
      try {
        const request = readRequest(flags);
        const sizes: number[] = [];
        for (const file of files) {
          const info = await stat(file).catch(() => undefined);
          if (!info?.isFile()) throw new ImportUsageError(`${file}: no such file`);
          sizes.push(info.size);
        }
        importer =
          flags.url !== undefined
            ? apiImporter({ ...flags, url: flags.url, token: flags.token ?? '' }, request, io)
            : await localImporter(flags, request, io);
        for (const [i, file] of files.entries()) {
          const progress = startFileProgress(io.progressStream, basename(file), sizes[i]!);
          let outcome: FileOutcome;
          try {
            outcome = await importer.importFile(file, sizes[i]!, progress);
          } finally {
            progress.stop();
          }
          if (outcome.isRefused) io.setExitCode(1);
          if (flags.json === true) {
            io.stdout(
              `${JSON.stringify({ file, summary: outcome.summary ?? null, message: outcome.message ?? null })}\n`,
            );
          } else if (outcome.summary) io.stdout(formatImportSummary(file, outcome.summary));
          else io.stdout(`${file}: REFUSED: ${outcome.message}\n`);
        }
      } catch (err) {
        io.stderr(`mutasibank import: ${err instanceof Error ? err.message : String(err)}\n`);
        io.setExitCode(2);
      } finally {
        await importer?.close();
      }
    });
}
