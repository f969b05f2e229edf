/**
 * @module http/plugins/errors
 * One place that turns every failure into `{ error: true, code, message, error_message }` with
 * the right status, whatever threw it: an {@link ApiError}, a schema validation failure, a body
 * parser, or a bug (500, logged with its stack, never shown).
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ApiError, ERROR_CODES, type ErrorCode } from '../../errors.js';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The body every error response carries. `error_message` duplicates `message` for older callers. */
export function errorBody(code: ErrorCode, message: string) {
  return { error: true as const, code, message, error_message: message };
}

/** Sends an error response. */
export function sendError(reply: FastifyReply, code: ErrorCode, message?: string) {
  const text = message ?? ERROR_CODES[code][1];
  return reply.code(ERROR_CODES[code][0]).send(errorBody(code, text));
}

function describeValidation(issues: readonly ValidationIssue[], context: string | undefined): string {
  const first = issues[0];
  if (!first) return 'The request has invalid fields';
  const where = (first.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const part = context === 'body' ? '' : `${context ?? 'request'} `;
  if (first.keyword === 'required')
    return `${part}field "${String(first.params?.missingProperty)}" is required`;
  if (first.keyword === 'additionalProperties') {
    return `${part}field "${String(first.params?.additionalProperty)}" is not allowed`;
  }
  const field = where === '' ? (context ?? 'body') : `"${where}"`;
  return `${part === '' ? '' : part}${field} ${first.message ?? 'is invalid'}`.trim();
}

const PARSER_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_PROTO_VIOLATION: 'bad_request',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
};

/** Registers the error and not-found handlers on `app` (call on the root instance). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) return sendError(reply, err.code, err.message);
    if (err.validation) {
      return sendError(reply, 'validation_failed', describeValidation(err.validation, err.validationContext));
    }
    const mapped = err.code ? PARSER_ERRORS[err.code] : undefined;
    if (mapped === 'invalid_json') return sendError(reply, 'invalid_json', 'The body is not valid JSON');
    if (mapped) return sendError(reply, mapped, err.message);
    if (err instanceof SyntaxError && err.statusCode === 400) return sendError(reply, 'invalid_json');
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, err.statusCode === 413 ? 'payload_too_large' : 'bad_request', err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 'internal');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'route_not_found', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`),
  );
}
