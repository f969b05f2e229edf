/**
 * @module connectors/snap/snap-connector
 * A bank's statement through SNAP (Bank Indonesia's Open API standard): Bank Statement
 * (service 14, paged by `hasMore` + `lastRecordDateTime`) or Transaction History List (service
 * 12, paged by `pageNumber`), signed per SNAP, with one token refresh when the bank calls a token
 * invalid. Credentials per account (see {@link resolveSnapCredentials}).
 */
import { randomInt } from 'node:crypto';
import { formatWibDate, isWibDate } from 'mutasibank';
import {
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type ConnectorResult,
  type CredentialName,
  type DateRange,
  type StatementRow,
} from '../connector.js';
import { resolveSnapPaths, type SnapBankConfig, type SnapPaths } from './snap-config.js';
import { type FetchLike, postSnapJson } from './snap-http.js';
import { isInvalidTokenCode, isSuccessCode, parseResponseCode, snapErrorFor } from './snap-response-code.js';
import { mapSnapEntry, readStatementBalance, type SnapEntryShape, snapTimeToWib } from './snap-rows.js';
import { formatSnapTimestamp, signServiceRequest } from './snap-signature.js';
import { SnapTokenProvider } from './snap-token-provider.js';

/** How a SnapConnector is built. */
export interface SnapConnectorOptions {
  /** Module name (`bca`, `bri`, ...). */
  module: string;
  bankName: string;
  config: SnapBankConfig;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** `X-EXTERNAL-ID` source (numeric, unique per day); the default mixes time, a counter and randomness. */
  externalId?: (now: Date) => string;
}

/** The SNAP credentials of one account. */
export interface SnapCredentials {
  /** `X-CLIENT-KEY` of the token request (account field `client_id`). */
  clientId: string;
  /** HMAC-SHA512 key of service signatures (account field `client_secret`). */
  clientSecret: string;
  /** `X-PARTNER-ID` (account field `api_key`, else the bank's `partnerId`). */
  partnerId: string;
  /** PEM RSA private key (account field `api_secret`, else the bank's `privateKeyPem`). */
  privateKeyPem: string;
}

/**
 * Maps the account's credential fields onto SNAP: `client_id` = X-CLIENT-KEY, `client_secret` =
 * HMAC key, `api_key` = X-PARTNER-ID, `api_secret` = PEM private key; the last two fall back to
 * the bank's `partnerId` and `privateKeyPem`. Throws `missing_credentials` naming what is absent.
 */
export function resolveSnapCredentials(
  bankName: string,
  credentials: Readonly<Partial<Record<CredentialName, string>>>,
  config: SnapBankConfig,
): SnapCredentials {
  const present = (value: string | undefined): string | undefined =>
    value === undefined || value.trim() === '' ? undefined : value.trim();
  const clientId = present(credentials.client_id);
  const clientSecret = present(credentials.client_secret);
  const partnerId = present(credentials.api_key) ?? present(config.partnerId);
  let privateKeyPem = present(credentials.api_secret) ?? present(config.privateKeyPem);
  // A PEM pasted into a one-line form field arrives with literal "\n".
  if (privateKeyPem !== undefined && !privateKeyPem.includes('\n'))
    privateKeyPem = privateKeyPem.replace(/\\n/g, '\n');
  const missing = [
    clientId === undefined ? 'client_id (X-CLIENT-KEY)' : undefined,
    clientSecret === undefined ? 'client_secret (signature key)' : undefined,
    partnerId === undefined ? 'api_key (X-PARTNER-ID; or partnerId in the bank settings)' : undefined,
    privateKeyPem === undefined
      ? 'api_secret (PEM private key; or privateKeyPem in the bank settings)'
      : undefined,
  ].filter((name) => name !== undefined);
  if (
    clientId === undefined ||
    clientSecret === undefined ||
    partnerId === undefined ||
    privateKeyPem === undefined
  ) {
    throw new ConnectorError(
      'missing_credentials',
      `${bankName} via SNAP needs ${missing.join(', ')} on the account`,
    );
  }
  return { clientId, clientSecret, partnerId, privateKeyPem };
}

function createExternalIdGenerator(): (now: Date) => string {
  let counter = 0;
  return (now) => {
    counter = (counter + 1) % 10_000;
    const random = String(randomInt(0, 100_000_000)).padStart(8, '0');
    return `${now.getTime()}${String(counter).padStart(4, '0')}${random}`;
  };
}

interface RunState {
  ctx: ConnectorContext;
  credentials: SnapCredentials;
  range: DateRange;
  rows: StatementRow[];
  warnings: string[];
  unsettled: number;
  /** Raw entries read at the latest time so far, which a next page may repeat. */
  tail: { time: string | undefined; keys: string[] };
}

/**
 * A `Connector` over SNAP for one bank.
 *
 * @example
 * const bca = new SnapConnector({
 *   module: 'bca', bankName: 'BCA',
 *   config: { baseUrl: 'https://sandbox.bca.co.id', channelId: '95231', partnerId: 'KBBABCINDO' },
 * });
 * const { rows } = await bca.fetchStatement(ctx, { from: '2025-03-01', to: '2025-03-02' });
 */
export class SnapConnector implements Connector {
  readonly module: string;
  readonly bankName: string;
  readonly requiredCredentials: readonly CredentialName[] = ['client_id', 'client_secret'];
  private readonly config: SnapBankConfig;
  private readonly fetch: FetchLike;
  private readonly paths: SnapPaths;
  private readonly tokens: SnapTokenProvider;
  private readonly externalId: (now: Date) => string;
  private readonly timeoutMs: number;

  constructor(options: SnapConnectorOptions) {
    this.module = options.module;
    this.bankName = options.bankName;
    this.config = options.config;
    this.fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.paths = resolveSnapPaths(options.config);
    this.timeoutMs = options.config.timeoutMs ?? 30_000;
    this.externalId = options.externalId ?? createExternalIdGenerator();
    this.tokens = new SnapTokenProvider({
      fetch: this.fetch,
      bankName: this.bankName,
      url: this.url(this.paths.accessToken),
      timeoutMs: this.timeoutMs,
      refreshMarginSeconds: options.config.tokenRefreshMarginSeconds ?? 60,
      isTimestampWithMillis: options.config.isTimestampWithMillis ?? false,
    });
  }

  async fetchStatement(ctx: ConnectorContext, range: DateRange): Promise<ConnectorResult> {
    ctx.signal.throwIfAborted();
    if (!isWibDate(range.from) || !isWibDate(range.to) || range.from > range.to) {
      throw new RangeError(`invalid date range ${range.from}..${range.to}`);
    }
    const credentials = resolveSnapCredentials(this.bankName, ctx.credentials, this.config);
    const today = formatWibDate(ctx.now());
    if (range.from > today) return { rows: [] };
    const state: RunState = {
      ctx,
      credentials,
      range,
      rows: [],
      warnings: [],
      unsettled: 0,
      tail: { time: undefined, keys: [] },
    };
    const fromDateTime = `${range.from}T00:00:00+07:00`;
    // Banks refuse a toDateTime in the future, so today's window ends now.
    const toDateTime = range.to >= today ? formatSnapTimestamp(ctx.now()) : `${range.to}T23:59:59+07:00`;
    const balance =
      (this.config.service ?? 'bank-statement') === 'bank-statement'
        ? await this.readBankStatement(state, fromDateTime, toDateTime)
        : await this.readTransactionHistory(state, fromDateTime, toDateTime);
    if (state.unsettled > 0)
      state.warnings.push(`${state.unsettled} entries not settled yet were left out; a later run reads them`);
    return {
      rows: state.rows,
      ...(balance === undefined ? {} : { balance }),
      ...(state.warnings.length === 0 ? {} : { warnings: state.warnings }),
    };
  }

  private url(path: string): string {
    return `${this.config.baseUrl.replace(/\/+$/, '')}${path}`;
  }

  /** Service 14. Each next page starts at `lastRecordDateTime`; rows repeated at that boundary are skipped. */
  private async readBankStatement(
    state: RunState,
    fromDateTime: string,
    toDateTime: string,
  ): Promise<number | undefined> {
    let from = fromDateTime;
    let balance: number | undefined;
    const maxPages = this.config.maxPages ?? 200;
    for (let page = 1; ; page++) {
      const json = await this.callService(state, this.paths.bankStatement, {
        partnerReferenceNo: this.externalId(state.ctx.now()),
        accountNo: state.ctx.account.accountNo,
        fromDateTime: from,
        toDateTime,
      });
      if (page === 1) balance = readStatementBalance(json.balance);
      const before = state.rows.length;
      this.collect(state, 'bank-statement', json.detailData);
      if (json.hasMore !== true) return balance;
      const last = json.lastRecordDateTime;
      if (typeof last !== 'string' || snapTimeToWib(last) === undefined) {
        throw new ConnectorError(
          'bad_response',
          `${this.bankName} said hasMore without a readable lastRecordDateTime`,
        );
      }
      if (last === from && state.rows.length === before) {
        throw new ConnectorError(
          'bad_response',
          `${this.bankName}'s statement paging does not advance past ${last}`,
        );
      }
      if (page >= maxPages)
        throw new ConnectorError('bad_response', `${this.bankName} still had more after ${maxPages} pages`);
      from = last;
    }
  }

  /** Service 12, paged by `pageNumber` from 1 while `hasMore` (or, without it, while pages are full). */
  private async readTransactionHistory(
    state: RunState,
    fromDateTime: string,
    toDateTime: string,
  ): Promise<undefined> {
    const pageSize = this.config.pageSize ?? 100;
    const maxPages = this.config.maxPages ?? 200;
    for (let pageNumber = 1; ; pageNumber++) {
      const json = await this.callService(state, this.paths.transactionHistory, {
        partnerReferenceNo: this.externalId(state.ctx.now()),
        fromDateTime,
        toDateTime,
        pageSize,
        pageNumber,
        additionalInfo: { accountNo: state.ctx.account.accountNo },
      });
      const entries = Array.isArray(json.detailData) ? json.detailData.length : 0;
      this.collect(state, 'transaction-history', json.detailData);
      const hasMore = typeof json.hasMore === 'boolean' ? json.hasMore : entries === pageSize;
      if (!hasMore || entries === 0) return undefined;
      if (pageNumber >= maxPages)
        throw new ConnectorError('bad_response', `${this.bankName} still had more after ${maxPages} pages`);
    }
  }

  /**
   * Maps a page of entries. Entries identical to ones at the end of the previous page, at the same
   * time, are the repeat that paging from `lastRecordDateTime` (inclusive) brings, and are skipped
   * once each; identical entries beyond that count are genuine and kept.
   */
  private collect(state: RunState, shape: SnapEntryShape, detailData: unknown): void {
    if (detailData !== undefined && detailData !== null && !Array.isArray(detailData)) {
      throw new ConnectorError('bad_response', `${this.bankName} sent detailData that is not a list`);
    }
    const repeated = [...state.tail.keys];
    for (const entry of (detailData as unknown[] | undefined) ?? []) {
      const mapped = mapSnapEntry(this.bankName, shape, entry);
      const key = JSON.stringify(entry);
      const seen = repeated.indexOf(key);
      if (seen !== -1) {
        repeated.splice(seen, 1);
        continue;
      }
      if (mapped.time !== state.tail.time) state.tail = { time: mapped.time, keys: [] };
      state.tail.keys.push(key);
      if (mapped.kind === 'unsettled') state.unsettled++;
      else if (mapped.kind === 'warning') state.warnings.push(mapped.warning);
      else {
        const date = mapped.row.transactionDate.slice(0, 10);
        if (date >= state.range.from && date <= state.range.to) state.rows.push(mapped.row);
      }
    }
  }

  /** One signed service call; on 401xx01/401xx03 the token is renewed and the call made once more. */
  private async callService(
    state: RunState,
    path: string,
    payload: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const { ctx, credentials } = state;
    for (let attempt = 1; ; attempt++) {
      const accessToken = await this.tokens.getToken({
        clientId: credentials.clientId,
        privateKeyPem: credentials.privateKeyPem,
        now: ctx.now,
        signal: ctx.signal,
      });
      const body = JSON.stringify(payload);
      const timestamp = formatSnapTimestamp(ctx.now(), this.config.isTimestampWithMillis ?? false);
      const signature = signServiceRequest(credentials.clientSecret, {
        method: 'POST',
        relativePath: path,
        accessToken,
        minifiedBody: body,
        timestamp,
      });
      const { status, json } = await postSnapJson({
        fetch: this.fetch,
        bankName: this.bankName,
        url: this.url(path),
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${accessToken}`,
          'X-TIMESTAMP': timestamp,
          'X-SIGNATURE': signature,
          'X-PARTNER-ID': credentials.partnerId,
          'X-EXTERNAL-ID': this.externalId(ctx.now()),
          'CHANNEL-ID': this.config.channelId,
        },
        body,
        timeoutMs: this.timeoutMs,
        signal: ctx.signal,
      });
      const code = parseResponseCode(json.responseCode);
      if (code === undefined) {
        if (status === 429)
          throw new ConnectorError('rate_limited', `${this.bankName} asks to slow down (HTTP 429)`);
        if (status >= 500)
          throw new ConnectorError('bank_unavailable', `${this.bankName} answered HTTP ${status}`);
        throw new ConnectorError(
          'bad_response',
          `${this.bankName} answered HTTP ${status} without a responseCode`,
        );
      }
      if (isSuccessCode(code)) return json;
      if (isInvalidTokenCode(code) && attempt === 1) {
        this.tokens.invalidate(credentials.clientId);
        continue;
      }
      throw snapErrorFor(this.bankName, code, json.responseMessage);
    }
  }
}
