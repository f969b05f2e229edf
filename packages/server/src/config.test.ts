import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dbPath: './mutasibank.db',
      dev: false,
      keyFile: './mutasibank.db.key',
    });
    expect(c.paymentAccounts.map((p) => p.id)).toEqual([1, 2]);
  });
  it('flags win over the environment', () => {
    const c = loadConfig(
      { MUTASIBANK_PORT: '9000', MUTASIBANK_DB: 'env.db', MUTASIBANK_DEV: '1' },
      { port: '9001', db: 'flag.db' },
    );
    expect(c).toMatchObject({ port: 9001, dbPath: 'flag.db', dev: true, keyFile: 'flag.db.key' });
  });
  it('names the bad setting', () => {
    expect(() => loadConfig({ MUTASIBANK_PORT: 'http' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { port: '70000' })).toThrow(/--port/);
    expect(() => loadConfig({ MUTASIBANK_PAYMENT_ACCOUNTS: '[{"id":1}]' })).toThrow(
      /MUTASIBANK_PAYMENT_ACCOUNTS/,
    );
  });
});
