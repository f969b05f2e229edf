/**
 * @module webhooks/secret
 * Checks configured webhook secrets before they are used, so a pasted secret with a trailing
 * newline, or half a secret, is reported as what it is instead of as "invalid signature" on every
 * delivery.
 */
import { WebhookVerificationError } from '../errors.js';

/** Length of a Mutasibank webhook secret, as the dashboard shows it. */
export const WEBHOOK_SECRET_LENGTH = 64;

/** One secret, or several during a rotation (any of them may sign or verify). */
export type WebhookSecret = string | readonly string[];

function describe(index: number, count: number): string {
  return count === 1 ? 'the webhook secret' : `webhook secret #${index + 1} of ${count}`;
}

/**
 * The configured secret(s) as a non-empty list, each checked. Throws
 * {@link WebhookVerificationError} with code `invalid_secret` (message without the secret) when
 * one is missing, not a string, has surrounding whitespace, or is not 64 characters.
 *
 * @example
 * toSecretList(process.env.WEBHOOK_SECRET ?? ''); // throws invalid_secret when unset
 */
export function toSecretList(secret: unknown): readonly string[] {
  const list: readonly unknown[] = Array.isArray(secret) ? secret : [secret];
  if (list.length === 0) {
    throw new WebhookVerificationError('invalid_secret', 'no webhook secret configured (an empty list)');
  }
  list.forEach((value, index) => {
    const name = describe(index, list.length);
    if (typeof value !== 'string' || value === '') {
      throw new WebhookVerificationError(
        'invalid_secret',
        `${name} is missing or not a string; set it from the dashboard (Pengaturan > Webhook), e.g. WEBHOOK_SECRET`,
      );
    }
    if (value.trim() !== value) {
      throw new WebhookVerificationError(
        'invalid_secret',
        `${name} has leading or trailing whitespace (a copy-paste or .env newline?); trim it`,
      );
    }
    if (value.length !== WEBHOOK_SECRET_LENGTH) {
      throw new WebhookVerificationError(
        'invalid_secret',
        `${name} is ${value.length} characters; Mutasibank webhook secrets are ${WEBHOOK_SECRET_LENGTH}: copy the whole Webhook Secret from the dashboard`,
      );
    }
  });
  return list as readonly string[];
}
