/**
 * @module security/secret-box
 * Encryption at rest for what the server must be able to read back (banking passwords, api and
 * client secrets, KeyBCA tokens, webhook secrets): AES-256-GCM under one server key, a fresh
 * 96-bit nonce per value, and a purpose string bound in as associated data so a sealed webhook
 * secret can't be swapped into a credentials column and decrypted there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const VERSION = 'v1';

/** What a sealed value is for; bound into the ciphertext. */
export type SealPurpose = 'account-credentials' | 'webhook-secret' | 'api-token';

/** Seals and opens values with the server key. */
export interface SecretBox {
  seal(plaintext: string, purpose: SealPurpose): string;
  /** Throws when the value was sealed under another key or purpose, or was altered. */
  open(sealed: string, purpose: SealPurpose): string;
}

/** Builds a {@link SecretBox} over a 32-byte key. */
export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error('the server key must be 32 bytes');
  const k = Buffer.from(key);
  return {
    seal(plaintext, purpose) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, purpose) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== VERSION || !ivText || !bodyText) throw new Error('not a sealed value');
      const body = Buffer.from(bodyText, 'base64url');
      if (body.length < 16) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/**
 * Reads a server key given as 64 hex characters or as base64 of 32 bytes. Throws a message that
 * says which form is expected, never echoing the value.
 */
export function parseServerKey(text: string): Uint8Array {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  if (b.length === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(t)) return b;
  throw new Error('the server key must be 32 bytes, written as 64 hex characters or as base64');
}

/** Result of {@link loadOrCreateKeyFile}. */
export interface KeyFileResult {
  key: Uint8Array;
  created: boolean;
  /** Set when an existing key file is readable by group or others. */
  warning?: string;
}

/**
 * Loads the key file, or creates it (32 random bytes, hex, mode 0600) on first start. Losing this
 * file makes every sealed value unreadable, so it is never overwritten.
 */
export function loadOrCreateKeyFile(path: string): KeyFileResult {
  if (!existsSync(path)) {
    const key = randomBytes(32);
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return { key, created: true };
  }
  const key = parseServerKey(readFileSync(path, 'utf8'));
  const mode = statSync(path).mode & 0o777;
  const warning =
    mode & 0o077
      ? `key file ${path} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${path}`
      : undefined;
  return warning ? { key, created: false, warning } : { key, created: false };
}
