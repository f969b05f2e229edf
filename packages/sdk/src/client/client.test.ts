import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MutasibankClient } from './client.js';
import { DEFAULT_BASE_URL } from './options.js';
import { SDK_VERSION } from './version.js';

describe('MutasibankClient defaults', () => {
  it('targets the hosted service when no baseUrl is given', async () => {
    // The hosted service is out of reach in tests, so this one test looks at what fetch was asked.
    const urls: string[] = [];
    const client = new MutasibankClient({
      token: 't',
      fetch: async (url) => {
        urls.push(url);
        return new Response(JSON.stringify({ error: false, data: [] }));
      },
    });
    await client.getAccounts();
    expect(DEFAULT_BASE_URL).toBe('https://mutasibank.co.id/api/v1');
    expect(urls).toEqual(['https://mutasibank.co.id/api/v1/accounts']);
  });

  it('sends the package version in the default User-Agent', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(pkg.version);
    let userAgent: string | null = null;
    const client = new MutasibankClient({
      token: 't',
      fetch: async (_, init) => {
        userAgent = new Headers(init.headers).get('user-agent');
        return new Response('{"error":false,"data":[]}');
      },
    });
    await client.getListBank();
    expect(userAgent).toBe(`mutasibank-js/${pkg.version}`);
  });
});
