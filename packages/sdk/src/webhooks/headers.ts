/**
 * @module webhooks/headers
 * Reads webhook headers from whatever the framework hands over: a Fetch `Headers`, Node's
 * `IncomingHttpHeaders` (lowercase keys, array values for repeated headers), or a plain record in
 * any letter case.
 */

/** A Fetch `Headers`-like object: anything with `get(name)`. */
export interface HeadersLike {
  get(name: string): string | null;
}

/** Plain header records: Node's `IncomingHttpHeaders`, Express `req.headers`, a test's literal. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Every header shape {@link readHeader} understands. */
export type WebhookHeaders = HeadersLike | HeaderRecord;

/** Header names of the compatible (X-Mutasibank-*) scheme, as the service sends them. */
export const MUTASIBANK_HEADERS = {
  signature: 'X-Mutasibank-Signature',
  timestamp: 'X-Mutasibank-Timestamp',
  webhookId: 'X-Mutasibank-Webhook-Id',
} as const;

/** Header names of the opt-in Standard Webhooks scheme (lowercase, as that spec writes them). */
export const STANDARD_WEBHOOK_HEADERS = {
  signature: 'webhook-signature',
  timestamp: 'webhook-timestamp',
  webhookId: 'webhook-id',
} as const;

function isHeadersLike(headers: WebhookHeaders): headers is HeadersLike {
  return typeof (headers as { get?: unknown }).get === 'function';
}

function asText(value: string | readonly string[] | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  // Repeated headers are joined the way Node and Fetch join them, so every shape reads the same.
  return value.length === 0 ? undefined : value.join(', ');
}

/**
 * The value of header `name` (matched case-insensitively), or `undefined` when absent. Repeated
 * headers given as an array come back joined with `", "`.
 *
 * @example
 * readHeader({ 'x-mutasibank-timestamp': '1767225600' }, 'X-Mutasibank-Timestamp'); // '1767225600'
 */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (isHeadersLike(headers)) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  // Node and most frameworks already lowercase keys: try that (and the exact spelling) first.
  const direct = asText(headers[lower]) ?? asText(headers[name]);
  if (direct !== undefined) return direct;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === lower) return asText(headers[key]);
  }
  return undefined;
}
