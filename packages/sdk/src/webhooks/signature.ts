/**
 * @module webhooks/signature
 * The two signature schemes, their signed content and header formats, and the constant-time
 * match of a header's signatures against the digests of the configured secrets.
 *
 * - `mutasibank` (always sent, what the sample receivers check): `X-Mutasibank-Signature` is the
 *   hex HMAC-SHA256 of the raw body. During a secret rotation it carries one signature per secret,
 *   space-separated.
 * - `standard` (opt-in, Standard Webhooks): `webhook-signature` is `v1,<base64 HMAC-SHA256 of
 *   "{webhook-id}.{webhook-timestamp}.{body}">`, space-separated per secret, so the id and the
 *   timestamp are covered too.
 */
import { decodeHex, encodeBase64, encodeHex } from '../crypto/encoding.js';
import { timingSafeEqual } from '../crypto/timing-safe-equal.js';
import type { WebhookSignatureScheme } from './event.js';

/** Version tag of the Standard Webhooks symmetric signature. */
export const STANDARD_SIGNATURE_VERSION = 'v1';

/** A header never carries more signatures than this; more is refused rather than compared. */
const MAX_SIGNATURES = 8;

const DIGEST_BYTES = 32;
const encoder = new TextEncoder();

/** What the Standard Webhooks scheme signs: `{id}.{timestamp}.{body}`, as bytes or text. */
export function standardSignedContent(
  webhookId: string,
  timestamp: string,
  body: Uint8Array | string,
): Uint8Array | string {
  const prefix = `${webhookId}.${timestamp}.`;
  if (typeof body === 'string') return prefix + body;
  const head = encoder.encode(prefix);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** The header value for a list of digests (one per secret) in the given scheme. */
export function formatSignatureHeader(
  scheme: WebhookSignatureScheme,
  digests: readonly Uint8Array[],
): string {
  return digests
    .map((digest) =>
      scheme === 'mutasibank' ? encodeHex(digest) : `${STANDARD_SIGNATURE_VERSION},${encodeBase64(digest)}`,
    )
    .join(' ');
}

/**
 * The signatures in a header. `mutasibank`: hex tokens separated by whitespace (or the `", "` that
 * proxies use to join repeated headers), any case. `standard`: the base64 part of each `v1,` token;
 * other versions are ignored, as that spec asks.
 */
export function parseSignatureHeader(scheme: WebhookSignatureScheme, header: string): string[] {
  const tokens = header.split(scheme === 'mutasibank' ? /[\s,]+/ : /\s+/).filter((token) => token !== '');
  if (scheme === 'mutasibank') return tokens;
  const prefix = `${STANDARD_SIGNATURE_VERSION},`;
  return tokens.filter((token) => token.startsWith(prefix)).map((token) => token.slice(prefix.length));
}

/**
 * True when any signature in `candidates` equals any digest. Each comparison is constant time;
 * malformed candidates (wrong length, not hex or base64) simply match nothing.
 */
export function matchesAnyDigest(
  scheme: WebhookSignatureScheme,
  candidates: readonly string[],
  digests: readonly Uint8Array[],
): boolean {
  if (candidates.length > MAX_SIGNATURES) return false;
  const expectedBase64 = scheme === 'standard' ? digests.map(encodeBase64) : [];
  let matched = false;
  for (const candidate of candidates) {
    if (scheme === 'mutasibank') {
      const bytes = decodeHex(candidate);
      if (bytes === undefined || bytes.length !== DIGEST_BYTES) continue;
      for (const digest of digests) matched = timingSafeEqual(digest, bytes) || matched;
    } else {
      for (const expected of expectedBase64) matched = timingSafeEqual(expected, candidate) || matched;
    }
  }
  return matched;
}
