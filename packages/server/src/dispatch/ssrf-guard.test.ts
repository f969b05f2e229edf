import type { LookupAddress, LookupOptions } from 'node:dns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertWebhookUrl,
  BlockedAddressError,
  checkWebhookUrl,
  createGuardedLookup,
  type HostResolver,
  WebhookUrlError,
} from './ssrf-guard.js';

const PROD = { dev: false };
const DEV = { dev: true };

function codeOf(url: string, policy = PROD): string {
  const check = checkWebhookUrl(url, policy);
  return check.ok ? 'ok' : check.code;
}

describe('checkWebhookUrl outside dev mode', () => {
  it('accepts a public https URL, with any port, path and query', () => {
    expect(codeOf('https://shop.example/webhook/mutasibank')).toBe('ok');
    expect(codeOf('https://shop.example:8443/hook?tenant=7')).toBe('ok');
    expect(codeOf('https://8.8.8.8/hook')).toBe('ok');
    expect(codeOf('https://[2606:4700::6810:84e5]/hook')).toBe('ok');
  });

  it('requires https', () => {
    expect(codeOf('http://shop.example/hook')).toBe('https_required');
    expect(codeOf('ftp://shop.example/hook')).toBe('unsupported_scheme');
    expect(codeOf('javascript:alert(1)')).toBe('unsupported_scheme');
    expect(codeOf('file:///etc/passwd')).toBe('unsupported_scheme');
  });

  it('refuses credentials in the URL', () => {
    expect(codeOf('https://user:pass@shop.example/hook')).toBe('credentials_in_url');
    expect(codeOf('https://user@shop.example/hook')).toBe('credentials_in_url');
    expect(codeOf('http://user:pass@127.0.0.1/hook', DEV)).toBe('credentials_in_url');
  });

  it('refuses what is not an absolute URL, and overlong URLs', () => {
    expect(codeOf('/relative/hook')).toBe('invalid_url');
    expect(codeOf('https://')).toBe('invalid_url');
    expect(codeOf('https://1.2.3.4.5/')).toBe('invalid_url');
    expect(codeOf(`https://shop.example/${'a'.repeat(2100)}`)).toBe('url_too_long');
  });

  it('refuses localhost by name', () => {
    expect(codeOf('https://localhost/hook')).toBe('blocked_host');
    expect(codeOf('https://LOCALHOST./hook')).toBe('blocked_host');
    expect(codeOf('https://api.localhost/hook')).toBe('blocked_host');
  });

  it.each([
    'https://127.0.0.1/',
    'https://127.1/',
    'https://2130706433/',
    'https://0x7f000001/',
    'https://0x7f.1/',
    'https://0177.0.0.1/',
    'https://0177.1/',
    'https://017700000001/',
    'https://127.0.1/',
    'https://0/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[0:0:0:0:0:ffff:127.0.0.1]/',
    'https://[64:ff9b::127.0.0.1]/',
    'https://[2002:7f00:1::]/',
    'https://169.254.169.254/latest/meta-data/',
    'https://0xa9fea9fe/',
    'https://2852039166/',
    'https://[::ffff:169.254.169.254]/',
    'https://[fe80::1]/',
    'https://[fd00:ec2::254]/',
    'https://10.0.0.1/',
    'https://012.0.0.1/',
    'https://172.16.0.1/',
    'https://192.168.0.1/',
    'https://0xc0.0xa8.0.1/',
    'https://100.64.0.1/',
    'https://224.0.0.1/',
    'https://255.255.255.255/',
    'https://192.0.2.1/',
  ])('refuses the non-public address in %s', (url) => {
    expect(codeOf(url)).toBe('blocked_address');
  });

  it('refuses every WHATWG spelling of any private IPv4 address', () => {
    const privateV4 = fc.oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
    );
    fc.assert(
      fc.property(privateV4, fc.integer({ min: 0, max: 5 }), ([a, b, c, d], form) => {
        const n = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
        const host = [
          `${n}`,
          `0x${n.toString(16)}`,
          `0${n.toString(8)}`,
          `${a}.${(b << 16) | (c << 8) | d}`,
          [a, b, c, d].map((x) => `0x${x.toString(16)}`).join('.'),
          `[::ffff:${a}.${b}.${c}.${d}]`,
        ][form];
        return codeOf(`https://${host}/hook`) === 'blocked_address';
      }),
    );
  });
});

describe('checkWebhookUrl in dev mode', () => {
  it('allows http, loopback and private addresses', () => {
    expect(codeOf('http://127.0.0.1:3000/webhook', DEV)).toBe('ok');
    expect(codeOf('http://localhost:3000/webhook', DEV)).toBe('ok');
    expect(codeOf('http://192.168.1.20/webhook', DEV)).toBe('ok');
    expect(codeOf('https://[::1]:8443/webhook', DEV)).toBe('ok');
  });

  it('still refuses other schemes', () => {
    expect(codeOf('file:///etc/passwd', DEV)).toBe('unsupported_scheme');
  });
});

describe('assertWebhookUrl', () => {
  it('returns the parsed URL or throws WebhookUrlError with a code', () => {
    expect(assertWebhookUrl('https://shop.example/hook', PROD).hostname).toBe('shop.example');
    try {
      assertWebhookUrl('https://2130706433/', PROD);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookUrlError);
      expect((error as WebhookUrlError).code).toBe('blocked_address');
      expect((error as WebhookUrlError).message).toMatch(/loopback/);
    }
  });
});

type LookupResult = {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family?: number;
};

function lookupWith(resolve: HostResolver, hostname: string, options: LookupOptions): Promise<LookupResult> {
  const lookup = createGuardedLookup({ resolve });
  return new Promise((done) => {
    lookup(hostname, options, (error, address, family) => done({ error, address, family }));
  });
}

const zone: Record<string, Array<{ address: string; family: 4 | 6 }>> = {
  'rebind.test': [{ address: '127.0.0.1', family: 4 }],
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
  'mapped.test': [{ address: '::ffff:10.0.0.1', family: 6 }],
  'mixed.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '10.0.0.5', family: 4 },
  ],
  'public.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '2606:2800:220:1::1', family: 6 },
  ],
  'empty.test': [],
  'garbage.test': [{ address: 'not-an-ip', family: 4 }],
};
const resolver: HostResolver = async (hostname) => {
  const records = zone[hostname];
  if (records === undefined) {
    const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    error.code = 'ENOTFOUND';
    throw error;
  }
  return records;
};

describe('createGuardedLookup', () => {
  it.each(['rebind.test', 'metadata.test', 'mapped.test', 'mixed.test', 'garbage.test'])(
    'refuses %s, which has a non-public address',
    async (hostname) => {
      for (const all of [true, false]) {
        const result = await lookupWith(resolver, hostname, { all });
        expect(result.error).toBeInstanceOf(BlockedAddressError);
        expect(result.error?.code).toBe('ERR_WEBHOOK_ADDRESS_BLOCKED');
        expect(result.error?.message).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
      }
    },
  );

  it('hands every public address to the socket when asked for all', async () => {
    const result = await lookupWith(resolver, 'public.test', { all: true });
    expect(result.error).toBeNull();
    expect(result.address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
  });

  it('honours the family asked for, and gives the first address when not asked for all', async () => {
    expect(await lookupWith(resolver, 'public.test', { family: 6 })).toEqual({
      error: null,
      address: '2606:2800:220:1::1',
      family: 6,
    });
    expect(await lookupWith(resolver, 'public.test', {})).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
    const v4Only = await lookupWith(resolver, 'public.test', { family: 'IPv4', all: true });
    expect(v4Only.address).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('passes resolver failures through and treats an empty answer as not found', async () => {
    expect((await lookupWith(resolver, 'nxdomain.test', {})).error?.code).toBe('ENOTFOUND');
    expect((await lookupWith(resolver, 'empty.test', { all: true })).error?.code).toBe('ENOTFOUND');
  });
});
