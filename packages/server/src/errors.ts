/**
 * @module errors
 * The server's registry of error codes: each has one HTTP status and a default message. Routes
 * throw {@link ApiError}; the error plugin turns it into `{ error: true, code, message }`.
 */

/** Every error code the API answers with, its status, and its default message. */
export const ERROR_CODES = {
  bad_request: [400, 'The request is invalid'],
  invalid_json: [400, 'The body is not valid JSON'],
  validation_failed: [400, 'The request has invalid fields'],
  unauthorized: [401, 'Missing or invalid API token'],
  not_found: [404, 'Not found'],
  route_not_found: [404, 'No such endpoint'],
  method_not_allowed: [405, 'Method not allowed'],
  conflict: [409, 'Conflict'],
  unique_code_exhausted: [409, 'Every unique code for this amount is held by an open invoice'],
  reference_in_use: [409, 'An open invoice of this account has this reference'],
  invoice_not_open: [409, 'The invoice is not open'],
  mutation_already_matched: [409, 'The mutation already paid an invoice'],
  payload_too_large: [413, 'The body is too large'],
  unsupported_media_type: [415, 'Unsupported content type'],
  unprocessable: [422, 'The request cannot be processed'],
  rate_limited: [429, 'Too many requests'],
  internal: [500, 'Internal server error'],
  unavailable: [503, 'Service unavailable'],
} as const satisfies Record<string, readonly [number, string]>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error a route throws on purpose; its message is shown to the caller as is. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ErrorCode;
  readonly statusCode: number;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code][1], options);
    this.code = code;
    this.statusCode = ERROR_CODES[code][0];
  }
}

/** Shorthand for the 404 that a missing id and another user's id share. */
export function notFound(what: string): ApiError {
  return new ApiError('not_found', `${what} not found`);
}
