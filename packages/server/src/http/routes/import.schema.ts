/**
 * @module http/routes/import.schema
 * Schemas of `POST /account/{id}/import`: its options, its two body forms (for the OpenAPI
 * document; the body itself is streamed, never parsed into an object), and the import summary.
 */
import { Type } from 'typebox';
import { STATEMENT_FORMATS } from '../../connectors/csv/index.js';

const YES_NO = ['1', '0', 'true', 'false'];
const Flag = (description: string) =>
  Type.Optional(Type.Unsafe<string>({ type: 'string', enum: YES_NO, description }));

/** Option descriptions, shared by the query string and the multipart fields. */
const OPTION_FIELDS = {
  format: Type.Optional(
    Type.String({
      maxLength: 40,
      description: `force a format instead of detecting it: ${STATEMENT_FORMATS.join(', ')}`,
    }),
  ),
  year: Type.Optional(
    Type.String({
      pattern: '^\\d{4}$',
      description: 'year of DD/MM dates, for files without a Periode line',
    }),
  ),
  partial: Flag('store the rows that were read even if the file fails its check'),
  dry_run: Flag('report what would be stored, store nothing'),
  force_account: Flag("import even if the file names another account number than the account's"),
};

/** Query string: the options of a raw-body upload (multipart fields override them). */
export const ImportQuery = Type.Object(OPTION_FIELDS);

// Validation runs before the handler reads the stream, so the body is null then; the schemas
// allow that and exist to document the two forms in /api/v1/openapi.json.
const FileBody = Type.Unsafe<null>({
  type: ['string', 'null'],
  format: 'binary',
  description: 'the statement file as the bank exported it (CSV, UTF-8)',
});

/** The body forms the route accepts, by media type. */
export const ImportBody = {
  content: {
    'multipart/form-data': {
      schema: Type.Unsafe<null>({
        type: ['object', 'null'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'the statement file' },
          ...OPTION_FIELDS,
        },
        required: ['file'],
      }),
    },
    'text/csv': { schema: FileBody },
    'text/plain': { schema: FileBody },
    'application/octet-stream': { schema: FileBody },
  },
};

const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });

/** The import summary (see `ingest/import-summary.ts`). */
export const ImportSummarySchema = Type.Object({
  account_id: Type.Integer(),
  file_name: NullableString,
  format: Type.String({ description: STATEMENT_FORMATS.join(', ') }),
  variant: Type.String({ description: 'format/variant, e.g. klikbca/id' }),
  format_label: Type.String(),
  lines: Type.Integer({ description: 'physical lines in the file' }),
  read: Type.Integer({ description: 'dated rows read (not PEND rows, not rejected lines)' }),
  new: Type.Integer({ description: 'rows the account did not have: stored when committed' }),
  duplicate: Type.Integer({ description: 'rows already stored (a re-import), not stored again' }),
  pending: Type.Integer({ description: 'PEND rows, skipped' }),
  rejected_count: Type.Integer(),
  rejected: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), {
    description: 'the first 1000 lines that could not be read',
  }),
  balances_truncated: Type.Integer({ description: 'balances with sen, truncated to rupiah' }),
  totals: Type.Object({ credit: Type.Integer(), debit: Type.Integer() }),
  footer: Type.Object({
    status: Type.String({ description: 'ok, mismatch or not_available' }),
    pending_included: Type.Optional(Type.Boolean()),
    problems: Type.Optional(Type.Array(Type.String())),
    reason: Type.Optional(Type.String()),
  }),
  running_balance: Type.Object({
    status: Type.String({ description: 'ok, broken or not_available (informational)' }),
    order: Type.Optional(Type.String()),
    line: Type.Optional(Type.Integer()),
    reason: Type.Optional(Type.String()),
  }),
  account_check: Type.Object({
    status: Type.String({ description: 'ok, mismatch, forced or not_in_file' }),
    file_account_no: NullableString,
    account_no: Type.String(),
  }),
  partial: Type.Boolean(),
  dry_run: Type.Boolean(),
  committed: Type.Boolean({ description: 'true when the rows were stored' }),
  refused: Type.Union([
    Type.Object({
      reason: Type.String({ description: 'account_mismatch or incomplete' }),
      message: Type.String(),
    }),
    Type.Null(),
  ]),
});

/** A refused file: the error envelope, with the summary saying what failed and where. */
export const ImportRefusedResponse = Type.Object({
  error: Type.Literal(true),
  code: Type.String(),
  message: Type.String(),
  error_message: Type.String(),
  data: Type.Optional(ImportSummarySchema),
});
