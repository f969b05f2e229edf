/**
 * @module http/routes/import
 * `POST /account/{id}/import`: a statement file into one account, whole-file (see
 * docs/import.md). The file comes as multipart (field `file`, options as fields) or as the raw
 * body (`text/csv`, `text/plain`, `application/octet-stream`, options in the query string).
 *
 * This plugin is its own scope beside the main API scope, with its own token check: the main
 * scope parses multipart bodies into memory (`attachFieldsToBody`) under a 1 MiB limit, while a
 * statement file is streamed to disk under the import limit.
 */
import { createReadStream } from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  isStatementFormatName,
  STATEMENT_FORMATS,
  StatementFormatError,
} from '../../connectors/csv/index.js';
import { ApiError, notFound } from '../../errors.js';
import { importStatement } from '../../ingest/import-statement.js';
import type { ImportSummary } from '../../ingest/import-summary.js';
import type { ApiContext } from '../context.js';
import { registerAuth } from '../plugins/auth.js';
import { DataResponse, errorResponses, IdParams } from '../schemas.js';
import { spoolUpload } from '../upload-spool.js';
import { ImportBody, ImportQuery, ImportRefusedResponse, ImportSummarySchema } from './import.schema.js';

/** Options of {@link importRoutes}. */
export interface ImportRoutesOptions {
  ctx: ApiContext;
  /** Largest statement file accepted, bytes. */
  limitBytes: number;
  /** Directory for the temporary copy of each upload. */
  spoolDir: string;
}

/** Default import limit: 200 MiB, about two million KlikBCA rows. */
export const DEFAULT_IMPORT_LIMIT_BYTES = 200 * 1024 * 1024;

const OPTION_NAMES = ['format', 'year', 'partial', 'dry_run', 'force_account'] as const;
type OptionName = (typeof OPTION_NAMES)[number];

interface ImportRequestOptions {
  format: string | undefined;
  year: number | undefined;
  allowPartial: boolean;
  dryRun: boolean;
  forceAccount: boolean;
}

function readFlag(name: OptionName, value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new ApiError('validation_failed', `${name} must be 1, 0, true or false`);
}

/** Reads the options from the query string and, for multipart, the fields (which win). */
function readOptions(values: Partial<Record<OptionName, string>>): ImportRequestOptions {
  const format = values.format?.trim() || undefined;
  if (format !== undefined && !isStatementFormatName(format)) {
    throw new ApiError(
      'bad_request',
      `unknown statement format '${format}'; use one of ${STATEMENT_FORMATS.join(', ')}, or leave format out to detect it`,
    );
  }
  const yearText = values.year?.trim() || undefined;
  if (yearText !== undefined && !(/^\d{4}$/.test(yearText) && Number(yearText) >= 1900))
    throw new ApiError('validation_failed', 'year must be a four-digit year from 1900');
  return {
    format,
    year: yearText === undefined ? undefined : Number(yearText),
    allowPartial: readFlag('partial', values.partial),
    dryRun: readFlag('dry_run', values.dry_run),
    forceAccount: readFlag('force_account', values.force_account),
  };
}

/** Registers the import route in a scope of its own (register it with `prefix: '/api/v1'`). */
export const importRoutes: FastifyPluginAsyncTypebox<ImportRoutesOptions> = async (app, options) => {
  const { ctx, limitBytes, spoolDir } = options;
  registerAuth(app, ctx.store);
  // Path params are text; the API scope's coercion hook would also stand in an empty object for
  // the (unparsed, streamed) body, which the body schemas rightly refuse, so only the id is converted.
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, unknown>;
    if (typeof params.id === 'string' && /^\d+$/.test(params.id)) params.id = Number(params.id);
  });
  // The raw forms are read from the socket by the handler, not parsed; JSON and forms are refused (415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['text/csv', 'text/plain', 'application/octet-stream'],
    (_request, _payload, done) => done(null),
  );
  await app.register(multipart, {
    limits: { fields: OPTION_NAMES.length, fieldSize: 100, files: 1, parts: OPTION_NAMES.length + 1 },
  });

  app.post(
    '/account/:id/import',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Import a statement file (KlikBCA, KlikBCA Bisnis, Mandiri MCM, BNI, BRI)',
        description: `Whole-file: the rows are stored in one transaction, and nothing is stored when the file fails its footer check or has lines that cannot be read, unless partial is set. Largest file: ${limitBytes} bytes.`,
        params: IdParams,
        querystring: ImportQuery,
        body: ImportBody,
        response: {
          ...errorResponses,
          200: DataResponse(ImportSummarySchema),
          422: ImportRefusedResponse,
        },
      },
    },
    async (request, reply) => {
      const account = await ctx.store.accounts.get(request.user.id, request.params.id);
      if (!account) throw notFound('account');
      if (!request.headers['content-type']) {
        throw new ApiError(
          'unsupported_media_type',
          'send the statement file as multipart/form-data (field "file") or as a text/csv body',
        );
      }
      readOptions(request.query);
      let upload: Awaited<ReturnType<typeof spoolUpload>>;
      try {
        upload = await spoolUpload(request, { limitBytes, spoolDir, fieldNames: OPTION_NAMES });
      } catch (err) {
        // Stop reading a body that is too large instead of draining it.
        if (err instanceof ApiError && err.code === 'payload_too_large') reply.header('connection', 'close');
        throw err;
      }
      try {
        const opts = readOptions({ ...request.query, ...upload.fields });
        let summary: ImportSummary;
        try {
          summary = await importStatement(ctx, {
            accountId: account.id,
            source: createReadStream(upload.path),
            fileName: upload.fileName,
            ...opts,
          });
        } catch (err) {
          if (err instanceof StatementFormatError) throw new ApiError('unprocessable', err.message);
          throw err;
        }
        if (summary.refused) {
          // Returned, not sent: the answer must leave only after the temporary copy is removed.
          const message = summary.refused.message;
          reply.code(422);
          return {
            error: true as const,
            code: 'unprocessable',
            message,
            error_message: message,
            data: summary,
          };
        }
        return { error: false as const, data: summary };
      } finally {
        await upload.dispose();
      }
    },
  );
};
