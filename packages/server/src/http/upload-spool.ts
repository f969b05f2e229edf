/**
 * @module http/upload-spool
 * Receives an uploaded statement file (a multipart field `file`, or the raw request body) into a
 * private temporary file, under a size limit, before the import starts.
 *
 * Why not import straight from the socket: an import is one database transaction, and holding it
 * open for as long as a client takes to upload (a slow link, or a client that stalls on purpose)
 * would block every other write for that time (on SQLite, every query of the process). Spooling
 * first bounds the transaction by disk speed. Memory stays constant either way: the body is
 * copied chunk by chunk and the import then streams the file back.
 */
import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

/** Where and how much to receive. */
export interface UploadLimits {
  /** Largest file accepted, bytes. */
  limitBytes: number;
  /** Directory of the temporary files (created by the operator; files are 0600 and removed after). */
  spoolDir: string;
  /** Names of the multipart text fields accepted besides `file`. */
  fieldNames: readonly string[];
}

/** A received upload. Call `dispose()` when done with it. */
export interface SpooledUpload {
  path: string;
  bytes: number;
  /** The multipart file name, when the client sent one. */
  fileName: string | undefined;
  /** Multipart text fields (empty for a raw body). */
  fields: Record<string, string>;
  dispose(): Promise<void>;
}

// Room for multipart boundaries, part headers and the few option fields around the file.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function tooLarge(limitBytes: number): ApiError {
  return new ApiError(
    'payload_too_large',
    `the file is larger than this server's import limit of ${limitBytes} bytes (MUTASIBANK_IMPORT_LIMIT)`,
  );
}

/** Copies `source` into `path`; throws 413 past `limitBytes`, leaving the rest of the body unread. */
async function copyLimited(source: Readable, path: string, limitBytes: number): Promise<number> {
  const file = await open(path, 'wx', 0o600);
  let bytes = 0;
  try {
    // Not destroyed on an early stop: destroying the request would close the socket before the
    // 413 answer is written.
    for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limitBytes) {
        source.resume();
        throw tooLarge(limitBytes);
      }
      await file.write(chunk);
    }
  } finally {
    await file.close();
  }
  return bytes;
}

/** Whether the request carries a multipart body (the route's other bodies are raw files). */
function isMultipart(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Receives the file of an import request into `limits.spoolDir`. Throws 413 when it is over the
 * limit (checked against Content-Length first, so an honest client is refused before sending),
 * 400 when a multipart body has no `file` field or an unknown one.
 */
export async function spoolUpload(request: FastifyRequest, limits: UploadLimits): Promise<SpooledUpload> {
  const { limitBytes } = limits;
  const multipart = isMultipart(request);
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > limitBytes + (multipart ? MULTIPART_OVERHEAD_BYTES : 0)) throw tooLarge(limitBytes);

  const path = join(limits.spoolDir, `mutasibank-import-${randomUUID()}.upload`);
  const dispose = () => rm(path, { force: true });
  try {
    if (!multipart) {
      const bytes = await copyLimited(request.raw, path, limitBytes);
      return { path, bytes, fileName: undefined, fields: {}, dispose };
    }
    const fields: Record<string, string> = {};
    let file: { bytes: number; fileName: string | undefined } | undefined;
    for await (const part of request.parts({ limits: { fileSize: limitBytes } })) {
      if (part.type === 'field') {
        if (!limits.fieldNames.includes(part.fieldname)) {
          throw new ApiError(
            'bad_request',
            `field "${part.fieldname}" is not an import option (use ${limits.fieldNames.join(', ')} and file)`,
          );
        }
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file' || file !== undefined) {
        part.file.resume();
        throw new ApiError('bad_request', 'send exactly one file, in the field "file"');
      }
      const bytes = await copyLimited(part.file, path, limitBytes);
      if (part.file.truncated) throw tooLarge(limitBytes);
      file = { bytes, fileName: part.filename || undefined };
    }
    if (file === undefined)
      throw new ApiError('bad_request', 'the statement file is missing: send it in the field "file"');
    return { path, bytes: file.bytes, fileName: file.fileName, fields, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
