/**
 * @module dispatch/ssrf-guard
 * Keeps webhook deliveries away from the server's own network: a URL check when a webhook is created
 * (and again before each send), and a DNS lookup for the HTTP agent that refuses a connection when
 * any address of the name is not public. The check at connect time is what stops DNS rebinding: the
 * addresses checked are the very addresses the socket connects to, with no second resolution.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { type AddressClass, classifyAddress } from './address-class.js';

export { type AddressClass, classifyAddress, isPublicAddress } from './address-class.js';

/** Longest webhook URL accepted, in characters. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Why a webhook URL was refused; stable, for API error codes and tests. */
export type WebhookUrlProblem =
  | 'invalid_url'
  | 'url_too_long'
  | 'unsupported_scheme'
  | 'https_required'
  | 'credentials_in_url'
  | 'blocked_host'
  | 'blocked_address';

/** Where deliveries may go. `dev: true` allows `http:` and any address (loopback, LAN) for local work. */
export interface WebhookUrlPolicy {
  dev: boolean;
}

/** Result of {@link checkWebhookUrl}: the parsed URL, or why it was refused. */
export type WebhookUrlCheck =
  | { ok: true; url: URL }
  | { ok: false; code: WebhookUrlProblem; message: string };

/**
 * Thrown by {@link assertWebhookUrl}. `message` is written for the webhook's owner (it names the rule,
 * not the server's network); `code` is stable.
 */
export class WebhookUrlError extends Error {
  override name = 'WebhookUrlError';
  readonly code: WebhookUrlProblem;

  constructor(code: WebhookUrlProblem, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Checks a webhook URL without throwing. Outside dev mode: `https:` only, no `user:password@`, and a
 * host that is neither `localhost` nor an IP literal outside the public ranges. The host is judged
 * after WHATWG parsing, so every spelling of an address is caught: `2130706433`, `0x7f.1`,
 * `0177.0.0.1`, `127.1` and `[::ffff:127.0.0.1]` are all `127.0.0.1`. Names are judged again at
 * connect time by {@link createGuardedLookup}.
 *
 * @example
 * checkWebhookUrl('https://shop.example/hook', { dev: false }); // { ok: true, url }
 * checkWebhookUrl('https://0x7f.1/hook', { dev: false }); // { ok: false, code: 'blocked_address', ... }
 */
export function checkWebhookUrl(input: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  if (input.length > MAX_WEBHOOK_URL_LENGTH) {
    return refuse('url_too_long', `The webhook URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`);
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('invalid_url', 'The webhook URL is not a valid absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse('unsupported_scheme', 'The webhook URL must start with https://.');
  }
  if (url.username !== '' || url.password !== '') {
    return refuse(
      'credentials_in_url',
      'The webhook URL must not contain a user name or password; verify deliveries with the signature instead.',
    );
  }
  if (policy.dev) return { ok: true, url };
  if (url.protocol !== 'https:') {
    return refuse(
      'https_required',
      'The webhook URL must use https:// (http:// is allowed in dev mode only).',
    );
  }
  const host = url.hostname.replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return refuse('blocked_host', 'The webhook URL must not point at localhost outside dev mode.');
  }
  const kind = classifyHost(host);
  if (kind !== undefined && kind !== 'public') {
    return refuse(
      'blocked_address',
      `The webhook URL points at a non-public address (${describeClass(kind)}); webhooks go to public addresses only.`,
    );
  }
  return { ok: true, url };
}

/**
 * Parses and checks a webhook URL (see {@link checkWebhookUrl}); throws {@link WebhookUrlError} when
 * it is refused. Call it when a webhook is created or its URL changed.
 *
 * @example
 * const url = assertWebhookUrl(body.url, { dev: config.dev }).href;
 */
export function assertWebhookUrl(input: string, policy: WebhookUrlPolicy): URL {
  const check = checkWebhookUrl(input, policy);
  if (!check.ok) throw new WebhookUrlError(check.code, check.message);
  return check.url;
}

/** One address of a name, as `dns.lookup(name, { all: true })` gives it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves every address of a name; injected so tests can make a name resolve to anything. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo through `dns.lookup`, as ordinary connections use, /etc/hosts included). */
export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses: LookupAddress[]) => {
      if (error) reject(error);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });

/** The error a guarded lookup fails a connection with; `code` lets the sender report it as `blocked`. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'ERR_WEBHOOK_ADDRESS_BLOCKED';
  /** The class of the first address refused. */
  readonly addressClass: AddressClass;

  constructor(addressClass: AddressClass) {
    // The address itself stays out of the message: it would tell a tenant about the internal network.
    super(`the host resolves to a non-public address (${describeClass(addressClass)})`);
    this.addressClass = addressClass;
  }
}

/** Options of {@link createGuardedLookup}. */
export interface GuardedLookupOptions {
  /** Defaults to {@link systemResolver}. */
  resolve?: HostResolver;
}

/**
 * A `lookup` for `net.connect`/`tls.connect` (and so for an undici `Agent`'s `connect` options) that
 * resolves all addresses of the name and fails with {@link BlockedAddressError} if any one of them is
 * not public. Refusing on any (rather than dropping the bad ones) leaves a rebinding attacker nothing
 * to race. IP literals never reach a lookup, so callers must also check the URL with
 * {@link checkWebhookUrl}; the sender does both.
 *
 * @example
 * const agent = new Agent({ connect: { lookup: createGuardedLookup() } });
 */
export function createGuardedLookup(options: GuardedLookupOptions = {}): LookupFunction {
  const resolve = options.resolve ?? systemResolver;
  return (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const kind = classifyHostSafely(address);
          if (kind !== 'public') return callback(new BlockedAddressError(kind), '', 0);
        }
        const family = familyNumber(lookupOptions.family);
        const wanted = family === 0 ? addresses : addresses.filter((a) => a.family === family);
        const first = wanted[0];
        if (first === undefined) return callback(notFound(hostname), '', 0);
        if (lookupOptions.all) {
          return callback(
            null,
            wanted.map((a) => ({ address: a.address, family: a.family })),
          );
        }
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function refuse(code: WebhookUrlProblem, message: string): WebhookUrlCheck {
  return { ok: false, code, message };
}

function classifyHost(host: string): AddressClass | undefined {
  try {
    return classifyAddress(host);
  } catch {
    return undefined; // a name, judged at connect time
  }
}

// A resolver handing back something that is not an address is refused, not trusted.
function classifyHostSafely(address: string): AddressClass {
  return classifyHost(address) ?? 'reserved';
}

function familyNumber(family: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  error.code = 'ENOTFOUND';
  return error;
}

function describeClass(kind: AddressClass): string {
  return kind === 'cgnat' ? 'carrier-grade NAT' : kind.replace('_', '-');
}
