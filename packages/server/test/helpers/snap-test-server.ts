/**
 * @module test/helpers/snap-test-server
 * A SNAP bank on 127.0.0.1 for tests. It checks every request the way a bank does, written from
 * the standard and independently of the client's signing code (sharing it would let a bug sign
 * and verify alike): RSA signature of the token request against the public half of the test's
 * key, HMAC-SHA512 of each service call over the minified body, token expiry by its own clock,
 * X-TIMESTAMP format and skew, X-EXTERNAL-ID unique per day, partner and channel ids. It pages
 * Bank Statement by `hasMore` + `lastRecordDateTime` and Transaction History by `pageNumber`,
 * and can be told to fail the next calls.
 */
import {
  createHash,
  createHmac,
  createPublicKey,
  createVerify,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One transaction the bank holds. */
export interface SnapTestTransaction {
  accountNo: string;
  /** ISO 8601 with offset, e.g. `2025-03-10T08:15:00+07:00`. */
  transactionDate: string;
  /** `"150000.00"`. */
  amount: string;
  type: 'Credit' | 'Debit';
  remark: string;
  transactionId: string;
  /** Balance after, `"1150000.00"`, when the bank reports it. */
  balanceAfter?: string;
  /** `SUCCESS` unless set. */
  status?: string;
  currency?: string;
}

/** A failure to serve instead of the next matching calls. */
export interface SnapFailure {
  /** Which endpoint: `access-token`, `bank-statement` or `transaction-history`. Default any. */
  endpoint?: 'access-token' | 'bank-statement' | 'transaction-history';
  /** How many calls fail. Default 1. */
  times?: number;
  status?: number;
  responseCode?: string;
  responseMessage?: string;
  /** Send this raw body instead of SNAP JSON. */
  rawBody?: string;
  /** Never answer (the client's timeout or abort must end the call). */
  isHanging?: boolean;
}

/** What the bank saw, for assertions. */
export interface RecordedRequest {
  endpoint: string;
  headers: Record<string, string | undefined>;
  body: string;
  responseCode: string;
}

/** Settings of the test bank. */
export interface SnapTestServerOptions {
  clientId: string;
  clientSecret: string;
  /** The test's private key; the bank keeps only its public half. */
  privateKeyPem: string;
  partnerId: string;
  channelId: string;
  /** The bank's clock (tests share it with the client's). */
  now: () => Date;
  pathPrefix?: string;
  version?: string;
  tokenTtlSeconds?: number;
  /** Rows per Bank Statement page. Default 50. */
  statementPageSize?: number;
  /** Whether Transaction History answers carry `hasMore`. Default true. */
  isHistoryHasMoreSent?: boolean;
  timestampSkewSeconds?: number;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?[+-]\d{2}:\d{2}$/;

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function wibDay(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The test bank. */
export class SnapTestServer {
  readonly requests: RecordedRequest[] = [];
  tokensIssued = 0;
  private transactions: SnapTestTransaction[] = [];
  private readonly failures: SnapFailure[] = [];
  private readonly tokens = new Map<string, number>();
  private readonly externalIds = new Map<string, Set<string>>();
  private readonly publicKey;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    private readonly options: SnapTestServerOptions,
  ) {
    this.publicKey = createPublicKey(options.privateKeyPem);
  }

  /** Starts a bank on 127.0.0.1, on a free port. */
  static async start(options: SnapTestServerOptions): Promise<SnapTestServer> {
    let bank: SnapTestServer | undefined;
    const server = createServer((req, res) => {
      void bank?.handle(req, res);
    });
    bank = new SnapTestServer(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return bank;
  }

  /** Base URL, `http://127.0.0.1:<port>`. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The paths the bank serves. */
  get paths(): { accessToken: string; bankStatement: string; transactionHistory: string } {
    const base = `${this.options.pathPrefix ?? '/openapi'}/${this.options.version ?? 'v1.0'}`;
    return {
      accessToken: `${base}/access-token/b2b`,
      bankStatement: `${base}/bank-statement`,
      transactionHistory: `${base}/transaction-history-list`,
    };
  }

  /** Replaces the bank's transactions. */
  setTransactions(transactions: readonly SnapTestTransaction[]): void {
    this.transactions = [...transactions].sort(
      (a, b) => Date.parse(a.transactionDate) - Date.parse(b.transactionDate),
    );
  }

  /** Fails the next matching calls. */
  failNext(failure: SnapFailure): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** Forgets every issued token, as a bank does on rotation. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Stops the bank, ending calls left hanging. */
  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    const endpoint =
      path === this.paths.accessToken
        ? 'access-token'
        : path === this.paths.bankStatement
          ? 'bank-statement'
          : path === this.paths.transactionHistory
            ? 'transaction-history'
            : 'unknown';
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
    );
    const reply = (status: number, json: Record<string, unknown>): void => {
      this.requests.push({ endpoint, headers, body, responseCode: String(json.responseCode ?? status) });
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    };
    const failure = this.failures.find((f) => f.endpoint === undefined || f.endpoint === endpoint);
    if (failure !== undefined) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      if (failure.isHanging) {
        this.hanging.add(res);
        this.requests.push({ endpoint, headers, body, responseCode: 'hanging' });
        return;
      }
      if (failure.rawBody !== undefined) {
        this.requests.push({ endpoint, headers, body, responseCode: 'raw' });
        res.writeHead(failure.status ?? 502, { 'Content-Type': 'text/html' }).end(failure.rawBody);
        return;
      }
      reply(failure.status ?? 500, {
        responseCode: failure.responseCode ?? '5001400',
        responseMessage: failure.responseMessage ?? 'General Error',
      });
      return;
    }
    if (req.method !== 'POST' || endpoint === 'unknown') {
      reply(404, { responseCode: '4040000', responseMessage: 'Not Found' });
      return;
    }
    if (endpoint === 'access-token') this.issueToken(headers, body, reply);
    else this.serve(endpoint === 'bank-statement' ? '14' : '12', path, headers, body, reply);
  }

  private checkTimestamp(timestamp: string | undefined): boolean {
    if (timestamp === undefined || !TIMESTAMP.test(timestamp)) return false;
    const skew = Math.abs(Date.parse(timestamp) - this.options.now().getTime());
    return skew <= (this.options.timestampSkewSeconds ?? 300) * 1000;
  }

  private issueToken(
    headers: Record<string, string | undefined>,
    body: string,
    reply: (status: number, json: Record<string, unknown>) => void,
  ): void {
    const timestamp = headers['x-timestamp'];
    const clientKey = headers['x-client-key'];
    if (!this.checkTimestamp(timestamp)) {
      reply(400, { responseCode: '4007301', responseMessage: 'Invalid Field Format [X-TIMESTAMP]' });
      return;
    }
    if (clientKey !== this.options.clientId) {
      reply(401, { responseCode: '4017300', responseMessage: 'Unauthorized. [Unknown client]' });
      return;
    }
    const verifier = createVerify('RSA-SHA256').update(`${clientKey}|${timestamp}`);
    const isSigned = verifier.verify(this.publicKey, headers['x-signature'] ?? '', 'base64');
    if (!isSigned) {
      reply(401, { responseCode: '4017300', responseMessage: 'Unauthorized. [Signature]' });
      return;
    }
    let grantType: unknown;
    try {
      grantType = (JSON.parse(body) as { grantType?: unknown }).grantType;
    } catch {
      grantType = undefined;
    }
    if (grantType !== 'client_credentials') {
      reply(400, { responseCode: '4007302', responseMessage: 'Invalid Mandatory Field [grantType]' });
      return;
    }
    const accessToken = randomBytes(24).toString('base64url');
    const ttl = this.options.tokenTtlSeconds ?? 900;
    this.tokens.set(accessToken, this.options.now().getTime() + ttl * 1000);
    this.tokensIssued++;
    reply(200, {
      responseCode: '2007300',
      responseMessage: 'Successful',
      accessToken,
      tokenType: 'Bearer',
      expiresIn: String(ttl),
    });
  }

  private serve(
    service: '14' | '12',
    path: string,
    headers: Record<string, string | undefined>,
    body: string,
    reply: (status: number, json: Record<string, unknown>) => void,
  ): void {
    const fail = (status: number, caseCode: string, message: string): void =>
      reply(status, { responseCode: `${status}${service}${caseCode}`, responseMessage: message });
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : this.tokens.get(token);
    if (token === undefined || expiresAt === undefined || this.options.now().getTime() >= expiresAt) {
      fail(401, '01', 'Invalid Token (B2B)');
      return;
    }
    const timestamp = headers['x-timestamp'];
    if (!this.checkTimestamp(timestamp)) {
      fail(400, '01', 'Invalid Field Format [X-TIMESTAMP]');
      return;
    }
    if (headers['x-partner-id'] !== this.options.partnerId) {
      fail(401, '00', 'Unauthorized. [Unknown partner]');
      return;
    }
    if (headers['channel-id'] !== this.options.channelId) {
      fail(400, '02', 'Invalid Mandatory Field [CHANNEL-ID]');
      return;
    }
    const externalId = headers['x-external-id'] ?? '';
    if (!/^\d{1,36}$/.test(externalId)) {
      fail(400, '01', 'Invalid Field Format [X-EXTERNAL-ID]');
      return;
    }
    const day = wibDay(this.options.now());
    const seen = this.externalIds.get(day) ?? new Set<string>();
    this.externalIds.set(day, seen);
    if (seen.has(externalId)) {
      fail(409, '00', 'Conflict');
      return;
    }
    seen.add(externalId);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      fail(400, '00', 'Bad Request');
      return;
    }
    // A bank minifies what it received before hashing: parse and write back without whitespace.
    const digest = createHash('sha256').update(JSON.stringify(parsed)).digest('hex').toLowerCase();
    const expected = createHmac('sha512', this.options.clientSecret)
      .update(`POST:${path}:${token}:${digest}:${timestamp}`)
      .digest('base64');
    if (!safeEqual(expected, headers['x-signature'] ?? '')) {
      fail(401, '00', 'Unauthorized. [Signature]');
      return;
    }
    if (service === '14') this.bankStatement(parsed, fail, reply);
    else this.transactionHistory(parsed, fail, reply);
  }

  private inWindow(accountNo: string, from: unknown, to: unknown): SnapTestTransaction[] | undefined {
    if (typeof from !== 'string' || typeof to !== 'string' || !TIMESTAMP.test(from) || !TIMESTAMP.test(to))
      return undefined;
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    return this.transactions.filter((t) => {
      const at = Date.parse(t.transactionDate);
      return t.accountNo === accountNo && at >= fromMs && at <= toMs;
    });
  }

  private detail(t: SnapTestTransaction): Record<string, unknown> {
    const currency = t.currency ?? 'IDR';
    return {
      amount: { value: t.amount, currency },
      transactionDate: t.transactionDate,
      remark: t.remark,
      transactionId: t.transactionId,
      type: t.type,
      transactionDetailStatus: t.status ?? 'SUCCESS',
      ...(t.balanceAfter === undefined
        ? {}
        : { detailBalance: { endAmount: [{ amount: { value: t.balanceAfter, currency } }] } }),
    };
  }

  private bankStatement(
    body: Record<string, unknown>,
    fail: (status: number, caseCode: string, message: string) => void,
    reply: (status: number, json: Record<string, unknown>) => void,
  ): void {
    const accountNo = body.accountNo;
    if (typeof accountNo !== 'string' || !/^\d+$/.test(accountNo)) {
      fail(400, '02', 'Invalid Mandatory Field [accountNo]');
      return;
    }
    const rows = this.inWindow(accountNo, body.fromDateTime, body.toDateTime);
    if (rows === undefined) {
      fail(400, '01', 'Invalid Field Format [fromDateTime/toDateTime]');
      return;
    }
    const pageSize = this.options.statementPageSize ?? 50;
    const page = rows.slice(0, pageSize);
    const lastBalance =
      [...this.transactions].reverse().find((t) => t.accountNo === accountNo)?.balanceAfter ?? '0.00';
    reply(200, {
      responseCode: '2001400',
      responseMessage: 'Successful',
      referenceNo: randomBytes(6).toString('hex'),
      partnerReferenceNo: body.partnerReferenceNo,
      balance: [
        {
          amount: { value: lastBalance, currency: 'IDR' },
          endingBalance: { value: lastBalance, currency: 'IDR' },
        },
      ],
      hasMore: rows.length > pageSize,
      lastRecordDateTime: page.at(-1)?.transactionDate,
      detailData: page.map((t) => this.detail(t)),
    });
  }

  private transactionHistory(
    body: Record<string, unknown>,
    fail: (status: number, caseCode: string, message: string) => void,
    reply: (status: number, json: Record<string, unknown>) => void,
  ): void {
    const { pageSize, pageNumber } = body;
    const accountNo = (body.additionalInfo as { accountNo?: unknown } | undefined)?.accountNo;
    if (
      typeof pageSize !== 'number' ||
      typeof pageNumber !== 'number' ||
      pageNumber < 1 ||
      typeof accountNo !== 'string'
    ) {
      fail(400, '02', 'Invalid Mandatory Field [pageSize/pageNumber/accountNo]');
      return;
    }
    const rows = this.inWindow(accountNo, body.fromDateTime, body.toDateTime);
    if (rows === undefined) {
      fail(400, '01', 'Invalid Field Format [fromDateTime/toDateTime]');
      return;
    }
    const page = rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    reply(200, {
      responseCode: '2001200',
      responseMessage: 'Successful',
      referenceNo: randomBytes(6).toString('hex'),
      ...(this.options.isHistoryHasMoreSent === false
        ? {}
        : { hasMore: rows.length > pageNumber * pageSize }),
      detailData: page.map((t) => ({
        dateTime: t.transactionDate,
        amount: { value: t.amount, currency: t.currency ?? 'IDR' },
        remark: t.remark,
        referenceNo: t.transactionId,
        status: t.status ?? 'SUCCESS',
        type: t.type === 'Credit' ? 'CREDIT' : 'DEBIT',
      })),
    });
  }
}
