/**
 * @module security/api-tokens
 * API tokens: random, shown once, stored as a SHA-256 hash for lookup. A hash (not a slow KDF) is
 * right here because tokens carry 256 bits of entropy; nobody brute-forces them from the hash.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Prefix of generated tokens, so they are recognisable in logs scanners and secret scanners. */
export const TOKEN_PREFIX = 'mbk_';

/** A fresh token: `mbk_` and 43 base64url characters (32 random bytes). */
export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** The lookup key of a token. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The first characters, for listings (`mbk_AbC1…`). */
export function tokenDisplayPrefix(token: string): string {
  return `${token.slice(0, 8)}…`;
}

/** Checks a token supplied by an operator (`MUTASIBANK_BOOTSTRAP_TOKEN`); returns a reason or undefined. */
export function checkSuppliedToken(token: string): string | undefined {
  if (token.length < 16) return 'must be at least 16 characters';
  if (token.length > 200) return 'must be at most 200 characters';
  if (!/^[\x21-\x7e]+$/.test(token)) return 'must be printable ASCII without spaces';
  return undefined;
}
