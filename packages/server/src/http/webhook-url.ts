/**
 * @module http/webhook-url
 * The create-time check of webhook and callback URLs: the SSRF rules of `dispatch/ssrf-guard.ts`
 * (https only, no private, loopback, link-local or metadata addresses in any notation) and, outside
 * dev mode, the addresses the name resolves to now. A name that does not resolve (yet) is accepted:
 * the connect-time guard checks every address again at each delivery, so a later rebinding gains
 * nothing either way.
 */

import {
  assertWebhookUrl,
  type HostResolver,
  isPublicAddress,
  systemResolver,
  WebhookUrlError,
} from '../dispatch/ssrf-guard.js';
import { ApiError } from '../errors.js';

/** Options of {@link createWebhookUrlValidator}. */
export interface WebhookUrlValidatorOptions {
  dev: boolean;
  resolve?: HostResolver;
  /** Longest wait for DNS at create time. Default 3 s. */
  resolveTimeoutMs?: number;
}

/** Builds `ctx.validateWebhookUrl`: throws a 400 ApiError with the guard's message when refused. */
export function createWebhookUrlValidator(
  options: WebhookUrlValidatorOptions,
): (url: string) => Promise<void> {
  const resolve = options.resolve ?? systemResolver;
  const timeoutMs = options.resolveTimeoutMs ?? 3000;
  return async (input) => {
    let url: URL;
    try {
      url = assertWebhookUrl(input, { dev: options.dev });
    } catch (err) {
      if (err instanceof WebhookUrlError) throw new ApiError('validation_failed', err.message);
      throw err;
    }
    if (options.dev) return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let timer: NodeJS.Timeout | undefined;
    const addresses = await Promise.race([
      resolve(host).catch(() => []),
      new Promise<[]>((r) => {
        timer = setTimeout(() => r([]), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) {
      throw new ApiError(
        'validation_failed',
        `The webhook URL's host resolves to a non-public address (${blocked.address}); webhooks go to public addresses only.`,
      );
    }
  };
}
