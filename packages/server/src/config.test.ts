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
  it('reads the invoice settings, in their units, and checks them', () => {
    expect(loadConfig({}).invoices).toEqual({
      codeMin: 1,
      codeMax: 999,
      codeMode: 'add',
      defaultValidityMs: 24 * 3_600_000,
      gracePeriodMs: 0,
      tolerance: { underpaidRupiah: 1000, overpaidRupiah: 1000 },
      sweepIntervalMs: 60_000,
    });
    const c = loadConfig({
      MUTASIBANK_INVOICE_CODE_MIN: '0',
      MUTASIBANK_INVOICE_CODE_MAX: '99',
      MUTASIBANK_INVOICE_CODE_MODE: 'Subtract',
      MUTASIBANK_INVOICE_TTL_MINUTES: '30',
      MUTASIBANK_INVOICE_GRACE_MINUTES: '15',
      MUTASIBANK_INVOICE_UNDERPAID_TOLERANCE: '0',
      MUTASIBANK_INVOICE_OVERPAID_TOLERANCE: '500',
      MUTASIBANK_INVOICE_SWEEP_SECONDS: '5',
    }).invoices;
    expect(c).toEqual({
      codeMin: 0,
      codeMax: 99,
      codeMode: 'subtract',
      defaultValidityMs: 30 * 60_000,
      gracePeriodMs: 15 * 60_000,
      tolerance: { underpaidRupiah: 0, overpaidRupiah: 500 },
      sweepIntervalMs: 5000,
    });
    expect(() => loadConfig({ MUTASIBANK_INVOICE_CODE_MIN: '10', MUTASIBANK_INVOICE_CODE_MAX: '9' })).toThrow(
      /MUTASIBANK_INVOICE_CODE_MAX/,
    );
    expect(() => loadConfig({ MUTASIBANK_INVOICE_CODE_MODE: 'multiply' })).toThrow(
      /MUTASIBANK_INVOICE_CODE_MODE/,
    );
    expect(() => loadConfig({ MUTASIBANK_INVOICE_TTL_MINUTES: '0' })).toThrow(
      /MUTASIBANK_INVOICE_TTL_MINUTES/,
    );
  });
  it('accepts an account_id binding a payment account to an existing bank account', () => {
    const c = loadConfig({
      MUTASIBANK_PAYMENT_ACCOUNTS:
        '[{"id":1,"name":"BCA","account_number":"1","account_name":"Op","account_id":5}]',
    });
    expect(c.paymentAccounts[0]).toMatchObject({ id: 1, account_id: 5 });
    expect(() =>
      loadConfig({
        MUTASIBANK_PAYMENT_ACCOUNTS:
          '[{"id":1,"name":"BCA","account_number":"1","account_name":"Op","account_id":"5"}]',
      }),
    ).toThrow(/account_id/);
  });
});
