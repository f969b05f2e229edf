/**
 * @module client/resources/message
 * The answer of calls that change something and report back in words (update, delete, toggle).
 */
import type { JsonObject } from '../response-fields.js';

/**
 * A `{ error: false, message }` answer. `message` is the service's text ("Account updated"); any
 * other field the service sends is kept.
 */
export interface MessageResult {
  /** The service's confirmation text; `''` when it sent none. */
  message: string;
  [field: string]: unknown;
}

/** Reads a {@link MessageResult}; a missing or non-string `message` becomes `''`. */
export function readMessageResult(body: JsonObject): MessageResult {
  return { ...body, message: typeof body.message === 'string' ? body.message : '' };
}
