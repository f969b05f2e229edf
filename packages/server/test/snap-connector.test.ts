import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeConnectorContract } from '../src/connectors/connector.contract.js';
import { type ConnectorContext, ConnectorError, type StatementRow } from '../src/connectors/connector.js';
import { SimulatorConnector } from '../src/connectors/simulator/index.js';
import { type SnapBankConfig, SnapConnector } from '../src/connectors/snap/index.js';
import {
  SnapTestServer,
  type SnapTestServerOptions,
  type SnapTestTransaction,
} from './helpers/snap-test-server.js';

const KEYS = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const OTHER_KEYS = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const ACCOUNT_NO = '0123456789';
const CREDENTIALS = {
  client_id: 'client-7f3a',
  client_secret: 'hmac-secret-of-the-partner',
  api_key: 'PARTNER01',
  api_secret: KEYS.privateKey,
};

/** A clock both sides share, moved by the tests. */
function createClock(startIso: string): { now: () => Date; advanceSeconds(s: number): void } {
  let ms = Date.parse(startIso);
  return { now: () => new Date(ms), advanceSeconds: (s) => (ms += s * 1000) };
}

function toSnap(rows: readonly StatementRow[]): SnapTestTransaction[] {
  return rows.map((row, i) => ({
    accountNo: ACCOUNT_NO,
    transactionDate: `${row.transactionDate.replace(' ', 'T')}+07:00`,
    amount: `${row.amount}.00`,
    type: row.type === 'CR' ? 'Credit' : 'Debit',
    remark: row.description,
    transactionId: `TX${String(i).padStart(6, '0')}`,
    ...(row.balance === null ? {} : { balanceAfter: `${row.balance}.00` }),
  }));
}

async function simulatedRows(now: () => Date, from: string, to: string): Promise<StatementRow[]> {
  const simulator = new SimulatorConnector({ seed: 'snap-bank', averageRowsPerDay: 10 });
  const ctx = {
    account: { id: 1, accountNo: ACCOUNT_NO, accountName: 'X', module: 'simulator' },
    credentials: {},
    signal: new AbortController().signal,
    now,
  };
  return (await simulator.fetchStatement(ctx, { from, to })).rows;
}

async function startBank(
  now: () => Date,
  overrides: Partial<SnapTestServerOptions> = {},
): Promise<SnapTestServer> {
  return SnapTestServer.start({
    clientId: CREDENTIALS.client_id,
    clientSecret: CREDENTIALS.client_secret,
    privateKeyPem: KEYS.privateKey,
    partnerId: CREDENTIALS.api_key,
    channelId: '95221',
    now,
    statementPageSize: 7,
    ...overrides,
  });
}

function connectorFor(bank: SnapTestServer, config: Partial<SnapBankConfig> = {}): SnapConnector {
  return new SnapConnector({
    module: 'bca',
    bankName: 'BCA',
    config: { baseUrl: bank.url, channelId: '95221', ...config },
  });
}

function contextFor(now: () => Date, overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return {
    account: { id: 7, accountNo: ACCOUNT_NO, accountName: 'PT MAJU', module: 'bca' },
    credentials: CREDENTIALS,
    signal: new AbortController().signal,
    now,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describeConnectorContract('SNAP against the SNAP test server', async () => {
  const clock = createClock('2025-03-12T07:00:00Z');
  const bank = await startBank(clock.now);
  bank.setTransactions(toSnap(await simulatedRows(clock.now, '2025-03-01', '2025-03-12')));
  const connector = connectorFor(bank);
  return {
    connector,
    context: (overrides) => contextFor(clock.now, overrides),
    range: { from: '2025-03-03', to: '2025-03-12' },
    close: () => bank.close(),
  };
});

describe('SnapConnector against the SNAP test server', () => {
  const clock = createClock('2025-03-12T07:00:00Z');
  let bank: SnapTestServer;
  let expected: StatementRow[];

  beforeAll(async () => {
    bank = await startBank(clock.now);
    const rows = await simulatedRows(clock.now, '2025-03-01', '2025-03-12');
    bank.setTransactions(toSnap(rows));
    expected = rows.map((row, i) => ({ ...row, bankReference: `TX${String(i).padStart(6, '0')}` }));
  });
  afterAll(async () => {
    await bank.close();
  });
  afterEach(() => {
    bank.requests.length = 0;
  });

  it('reads the exact rows of the bank over many pages, with the balance', async () => {
    const connector = connectorFor(bank);
    const result = await connector.fetchStatement(contextFor(clock.now), {
      from: '2025-03-01',
      to: '2025-03-12',
    });
    expect(result.rows).toEqual(expected);
    expect(result.balance).toBe(expected.at(-1)?.balance);
    expect(result.warnings).toBeUndefined();
    const pages = bank.requests.filter((r) => r.endpoint === 'bank-statement');
    expect(pages.length).toBeGreaterThan(5);
    const bodies = pages.map(
      (r) => JSON.parse(r.body) as { fromDateTime: string; toDateTime: string; accountNo: string },
    );
    expect(bodies[0]).toMatchObject({
      accountNo: ACCOUNT_NO,
      fromDateTime: '2025-03-01T00:00:00+07:00',
      toDateTime: '2025-03-12T14:00:00+07:00',
    });
    expect(bodies[1]?.fromDateTime).toBe(`${expected[6]?.transactionDate.replace(' ', 'T')}+07:00`);
  });

  it('sends exactly the SNAP headers, with a unique numeric X-EXTERNAL-ID per call', async () => {
    await connectorFor(bank).fetchStatement(contextFor(clock.now), { from: '2025-03-10', to: '2025-03-11' });
    const token = bank.requests.find((r) => r.endpoint === 'access-token');
    if (token !== undefined) {
      expect(token.headers['x-client-key']).toBe(CREDENTIALS.client_id);
      expect(token.headers['x-timestamp']).toBe('2025-03-12T14:00:00+07:00');
      expect(token.body).toBe('{"grantType":"client_credentials"}');
    }
    const calls = bank.requests.filter((r) => r.endpoint === 'bank-statement');
    for (const call of calls) {
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers.authorization).toMatch(/^Bearer [\w-]+$/);
      expect(call.headers['x-timestamp']).toBe('2025-03-12T14:00:00+07:00');
      expect(call.headers['x-partner-id']).toBe('PARTNER01');
      expect(call.headers['channel-id']).toBe('95221');
      expect(call.headers['x-external-id']).toMatch(/^\d{1,36}$/);
      expect(call.headers['x-signature']).toMatch(/^[A-Za-z0-9+/]{86}==$/);
      expect(call.responseCode).toBe('2001400');
    }
    expect(new Set(calls.map((c) => c.headers['x-external-id'])).size).toBe(calls.length);
  });

  it('is refused by the bank when a signed body is altered: the signature covers it', async () => {
    await connectorFor(bank).fetchStatement(contextFor(clock.now), { from: '2025-03-10', to: '2025-03-10' });
    const signed = bank.requests.find((r) => r.endpoint === 'bank-statement' && r.responseCode === '2001400');
    expect(signed).toBeDefined();
    const {
      host: _,
      connection: __,
      'content-length': ___,
      ...sent
    } = (signed?.headers ?? {}) as Record<string, string>;
    const headers = { ...sent, 'x-external-id': '999000111' };
    const tampered = (signed?.body ?? '').replace(ACCOUNT_NO, '0123456780');
    const response = await fetch(`${bank.url}${bank.paths.bankStatement}`, {
      method: 'POST',
      headers,
      body: tampered,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      responseCode: '4011400',
      responseMessage: 'Unauthorized. [Signature]',
    });
  });

  it('fails with auth_failed when the client secret is wrong (4011400) or the private key is not the registered one (4017300)', async () => {
    const wrongSecret = await failure(
      connectorFor(bank).fetchStatement(
        contextFor(clock.now, { credentials: { ...CREDENTIALS, client_secret: 'not-it' } }),
        {
          from: '2025-03-10',
          to: '2025-03-10',
        },
      ),
    );
    expect(wrongSecret.code).toBe('auth_failed');
    expect(wrongSecret.message).toBe(
      'BCA refused the credentials (4011400 Unauthorized. [Signature]): check client_id, client_secret and the private key registered with the bank',
    );
    expect(wrongSecret.message).not.toContain('not-it');
    const wrongKey = await failure(
      connectorFor(bank).fetchStatement(
        contextFor(clock.now, { credentials: { ...CREDENTIALS, api_secret: OTHER_KEYS.privateKey } }),
        {
          from: '2025-03-10',
          to: '2025-03-10',
        },
      ),
    );
    expect(wrongKey.code).toBe('auth_failed');
    expect(wrongKey.message).toContain('4017300');
    expect(bank.requests.at(-1)).toMatchObject({ endpoint: 'access-token', responseCode: '4017300' });
  });

  it('caches the token, and renews it before it expires', async () => {
    const connector = connectorFor(bank);
    const day = { from: '2025-03-11', to: '2025-03-11' };
    const issued = bank.tokensIssued;
    await connector.fetchStatement(contextFor(clock.now), day);
    await connector.fetchStatement(contextFor(clock.now), day);
    expect(bank.tokensIssued).toBe(issued + 1);
    clock.advanceSeconds(900 - 60 - 1);
    await connector.fetchStatement(contextFor(clock.now), day);
    expect(bank.tokensIssued).toBe(issued + 1);
    clock.advanceSeconds(2);
    await connector.fetchStatement(contextFor(clock.now), day);
    expect(bank.tokensIssued).toBe(issued + 2);
    expect(bank.requests.some((r) => r.responseCode === '4011401')).toBe(false);
  });

  it('renews a token the bank calls invalid once, then gives up with auth_failed', async () => {
    const connector = connectorFor(bank);
    const day = { from: '2025-03-11', to: '2025-03-11' };
    await connector.fetchStatement(contextFor(clock.now), day);
    bank.revokeTokens();
    const issued = bank.tokensIssued;
    const { rows } = await connector.fetchStatement(contextFor(clock.now), day);
    expect(rows.length).toBeGreaterThan(0);
    expect(bank.tokensIssued).toBe(issued + 1);
    expect(bank.requests.filter((r) => r.responseCode === '4011401')).toHaveLength(1);
    bank.failNext({
      endpoint: 'bank-statement',
      status: 401,
      responseCode: '4011401',
      responseMessage: 'Invalid Token (B2B)',
      times: 2,
    });
    const error = await failure(connector.fetchStatement(contextFor(clock.now), day));
    expect(error.code).toBe('auth_failed');
    expect(error.message).toBe(
      'BCA kept refusing the access token (4011401 Invalid Token (B2B)) after a fresh one was requested',
    );
  });

  it.each([
    [
      { status: 503, responseCode: '5031400', responseMessage: 'Service Unavailable' },
      'bank_unavailable',
      true,
    ],
    [{ status: 429, responseCode: '4291400', responseMessage: 'Too Many Requests' }, 'rate_limited', true],
    [{ status: 404, responseCode: '4041411', responseMessage: 'Invalid Account' }, 'request_rejected', false],
    [
      { status: 403, responseCode: '4031401', responseMessage: 'Feature Not Allowed' },
      'request_rejected',
      false,
    ],
    [{ status: 502, rawBody: '<html>Bad Gateway</html>' }, 'bank_unavailable', true],
    [{ status: 200, rawBody: '{"hello":"world"}' }, 'bad_response', false],
  ])('maps the bank answering %j to %s', async (answer, code, retryable) => {
    bank.failNext({ endpoint: 'bank-statement', ...answer });
    const error = await failure(
      connectorFor(bank).fetchStatement(contextFor(clock.now), { from: '2025-03-11', to: '2025-03-11' }),
    );
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
  });

  it('times out a call that never answers, and honours an abort mid-call', async () => {
    bank.failNext({ endpoint: 'bank-statement', isHanging: true });
    const slow = connectorFor(bank, { timeoutMs: 150 });
    const timedOut = await failure(
      slow.fetchStatement(contextFor(clock.now), { from: '2025-03-11', to: '2025-03-11' }),
    );
    expect(timedOut).toMatchObject({
      code: 'bank_unavailable',
      retryable: true,
      message: 'BCA did not answer within 150 ms',
    });

    bank.requests.length = 0;
    bank.failNext({ endpoint: 'bank-statement', isHanging: true });
    const controller = new AbortController();
    const run = connectorFor(bank).fetchStatement(contextFor(clock.now, { signal: controller.signal }), {
      from: '2025-03-11',
      to: '2025-03-11',
    });
    while (!bank.requests.some((r) => r.responseCode === 'hanging' && r.endpoint === 'bank-statement')) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    controller.abort(new Error('scheduler shutdown'));
    await expect(run).rejects.toThrow('scheduler shutdown');
  });

  it('needs a partner id and a private key from the account or the bank settings', async () => {
    const { api_key: _, api_secret: __, ...withoutBoth } = CREDENTIALS;
    const error = await failure(
      connectorFor(bank).fetchStatement(contextFor(clock.now, { credentials: withoutBoth }), {
        from: '2025-03-11',
        to: '2025-03-11',
      }),
    );
    expect(error.code).toBe('missing_credentials');
    expect(error.message).toBe(
      'BCA via SNAP needs api_key (X-PARTNER-ID; or partnerId in the bank settings), api_secret (PEM private key; or privateKeyPem in the bank settings) on the account',
    );
    const fromSettings = connectorFor(bank, {
      partnerId: 'PARTNER01',
      privateKeyPem: KEYS.privateKey.replace(/\n/g, '\\n'),
    });
    const { rows } = await fromSettings.fetchStatement(contextFor(clock.now, { credentials: withoutBoth }), {
      from: '2025-03-11',
      to: '2025-03-11',
    });
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('SnapConnector paging edge cases', () => {
  const clock = createClock('2025-03-12T07:00:00Z');
  let bank: SnapTestServer;
  beforeAll(async () => {
    bank = await startBank(clock.now, { statementPageSize: 3 });
  });
  afterAll(async () => {
    await bank.close();
  });

  const tx = (
    i: number,
    time: string,
    amount: string,
    extra: Partial<SnapTestTransaction> = {},
  ): SnapTestTransaction => ({
    accountNo: ACCOUNT_NO,
    transactionDate: `2025-03-10T${time}+07:00`,
    amount,
    type: 'Credit',
    remark: `TRSF E-BANKING CR ${i}`,
    transactionId: `T${i}`,
    ...extra,
  });

  it('does not repeat nor drop rows that share the time at a page boundary', async () => {
    bank.setTransactions([
      tx(1, '09:00:00', '1000.00'),
      tx(2, '09:00:01', '2000.00'),
      tx(3, '09:00:02', '3000.00'),
      tx(4, '09:00:02', '4000.00'),
      tx(5, '09:00:03', '5000.00'),
    ]);
    const { rows } = await connectorFor(bank).fetchStatement(contextFor(clock.now), {
      from: '2025-03-10',
      to: '2025-03-10',
    });
    expect(rows.map((r) => r.bankReference)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
  });

  it('refuses paging that does not advance', async () => {
    bank.setTransactions([1, 2, 3, 4].map((i) => tx(i, '09:00:00', `${i}000.00`)));
    const error = await failure(
      connectorFor(bank).fetchStatement(contextFor(clock.now), { from: '2025-03-10', to: '2025-03-10' }),
    );
    expect(error.code).toBe('bad_response');
    expect(error.message).toBe("BCA's statement paging does not advance past 2025-03-10T09:00:00+07:00");
  });

  it('leaves out rows with sen, foreign currency or not settled, saying so in warnings', async () => {
    bank.setTransactions([
      tx(1, '09:00:00', '1000.00'),
      tx(2, '09:00:01', '1234.56', { remark: 'BUNGA' }),
      tx(3, '09:00:02', '10.00', { currency: 'USD', remark: 'FX' }),
      tx(4, '09:00:03', '5000.00', { status: 'PENDING' }),
    ]);
    const result = await connectorFor(bank).fetchStatement(contextFor(clock.now), {
      from: '2025-03-10',
      to: '2025-03-10',
    });
    expect(result.rows.map((r) => r.bankReference)).toEqual(['T1']);
    expect(result.warnings).toEqual([
      'left out CR 2025-03-10 09:00:01 "BUNGA": its amount has non-zero sen, and rows are whole rupiah',
      'left out CR 2025-03-10 09:00:02 "FX": currency USD, not IDR',
      '1 entries not settled yet were left out; a later run reads them',
    ]);
  });

  it.each([true, false])(
    'reads Transaction History List by pageNumber (hasMore sent: %s)',
    async (isHasMoreSent) => {
      const history = await startBank(clock.now, { isHistoryHasMoreSent: isHasMoreSent });
      try {
        history.setTransactions(
          [1, 2, 3, 4, 5, 6].map((i) => tx(i, `09:00:0${i}`, `${i}000.00`, i % 2 ? {} : { type: 'Debit' })),
        );
        const connector = connectorFor(history, { service: 'transaction-history', pageSize: 2 });
        const { rows } = await connector.fetchStatement(contextFor(clock.now), {
          from: '2025-03-10',
          to: '2025-03-10',
        });
        expect(rows).toEqual(
          [1, 2, 3, 4, 5, 6].map((i) => ({
            transactionDate: `2025-03-10 09:00:0${i}`,
            description: `TRSF E-BANKING CR ${i}`,
            type: i % 2 ? 'CR' : 'DB',
            amount: i * 1000,
            balance: null,
            bankReference: `T${i}`,
          })),
        );
        const pages = history.requests
          .filter((r) => r.endpoint === 'transaction-history')
          .map((r) => JSON.parse(r.body).pageNumber);
        expect(pages).toEqual(isHasMoreSent ? [1, 2, 3] : [1, 2, 3, 4]);
      } finally {
        await history.close();
      }
    },
  );

  it('makes no call for a range after today', async () => {
    bank.requests.length = 0;
    const { rows } = await connectorFor(bank).fetchStatement(contextFor(clock.now), {
      from: '2025-03-13',
      to: '2025-03-20',
    });
    expect(rows).toEqual([]);
    expect(bank.requests).toEqual([]);
  });
});
