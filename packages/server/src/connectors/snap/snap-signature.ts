/**
 * @module connectors/snap/snap-signature
 * SNAP request signing. Access token: base64 SHA256withRSA over `clientId|X-TIMESTAMP` with the
 * partner's private key. Service calls: base64 HMAC-SHA512, keyed with the client secret, over
 * `METHOD:relativePath:accessToken:lowercase(hex(sha256(minified body))):X-TIMESTAMP`.
 */
import { createHash, createHmac, createSign, type KeyObject } from 'node:crypto';
import { WIB_OFFSET_MS } from 'mutasibank';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * `X-TIMESTAMP` for an instant: ISO 8601 in WIB with its offset, `2020-12-21T14:56:11+07:00`
 * (or `2020-12-21T14:56:11.000+07:00` with `withMillis`).
 *
 * @example
 * formatSnapTimestamp(new Date('2020-12-21T07:56:11Z')); // '2020-12-21T14:56:11+07:00'
 */
export function formatSnapTimestamp(instant: Date, withMillis = false): string {
  const t = new Date(instant.getTime() + WIB_OFFSET_MS);
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  return `${date}T${time}${withMillis ? `.${pad(t.getUTCMilliseconds(), 3)}` : ''}+07:00`;
}

/** The access-token string to sign: `clientId|timestamp`. */
export function tokenStringToSign(clientId: string, timestamp: string): string {
  return `${clientId}|${timestamp}`;
}

/** Base64 SHA256withRSA signature of the access-token request. */
export function signTokenRequest(privateKey: KeyObject, clientId: string, timestamp: string): string {
  return createSign('RSA-SHA256').update(tokenStringToSign(clientId, timestamp)).sign(privateKey, 'base64');
}

/** Lower-case hex SHA-256 of the minified JSON body (the exact bytes sent; `''` for none). */
export function bodyDigest(minifiedBody: string): string {
  return createHash('sha256').update(minifiedBody, 'utf8').digest('hex').toLowerCase();
}

/** The parts of a service call that its signature covers. */
export interface ServiceSignatureParts {
  method: string;
  /** Path (and query) of the URL as the bank sees it: `/openapi/v1.0/bank-statement`. */
  relativePath: string;
  accessToken: string;
  /** The body exactly as sent: `JSON.stringify` output, which is already minified. */
  minifiedBody: string;
  timestamp: string;
}

/** The service string to sign. */
export function serviceStringToSign(parts: ServiceSignatureParts): string {
  return [
    parts.method.toUpperCase(),
    parts.relativePath,
    parts.accessToken,
    bodyDigest(parts.minifiedBody),
    parts.timestamp,
  ].join(':');
}

/**
 * Base64 HMAC-SHA512 service signature.
 *
 * @example
 * signServiceRequest('secret', {
 *   method: 'POST', relativePath: '/openapi/v1.0/bank-statement', accessToken: 'tok',
 *   minifiedBody: '{}', timestamp: '2020-12-21T14:56:11+07:00',
 * });
 */
export function signServiceRequest(clientSecret: string, parts: ServiceSignatureParts): string {
  return createHmac('sha512', clientSecret).update(serviceStringToSign(parts), 'utf8').digest('base64');
}
