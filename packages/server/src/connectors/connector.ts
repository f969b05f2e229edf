/**
 * @module connectors/connector
 * The one seam every source of mutations implements. A connector reads the statement of one bank
 * account for a date range and returns normalised rows; it never touches the database. The
 * ingest path (dedupe by fingerprint, store, match, enqueue webhooks) is the same for every source.
 */

/** Credential fields a connector may declare it needs; values arrive decrypted, never logged. */
export const CREDENTIAL_NAMES = [
  'user_banking',
  'password_banking',
  'api_key',
  'api_secret',
  'client_id',
  'client_secret',
  'corp_id',
  'token_1',
  'token_2',
] as const;

/** One of {@link CREDENTIAL_NAMES}. */
export type CredentialName = (typeof CREDENTIAL_NAMES)[number];

/** One statement row, normalised. Money is integer rupiah; times are WIB. */
export interface StatementRow {
  /** WIB timestamp `YYYY-MM-DD HH:mm:ss`; `00:00:00` when the source gives a date only. */
  transactionDate: string;
  /** The bank's description, whitespace-collapsed and trimmed, otherwise as the bank wrote it. */
  description: string;
  /** `CR` money in, `DB` money out. */
  type: 'CR' | 'DB';
  /** Positive integer rupiah. */
  amount: number;
  /** Balance after the row, integer rupiah, or `null` where the source does not say. */
  balance: number | null;
  /** The bank's own id or reference for the row, when it has one (SNAP `transactionId`, Mandiri ref). */
  bankReference?: string;
}

/** The account a connector run is for (no secrets here; they come in `credentials`). */
export interface ConnectorAccount {
  id: number;
  accountNo: string;
  accountName: string;
  module: string;
}

/** Everything one run gets. `signal` aborts on timeout or shutdown; honour it. */
export interface ConnectorContext {
  account: ConnectorAccount;
  credentials: Readonly<Partial<Record<CredentialName, string>>>;
  signal: AbortSignal;
  /** The injected clock; never call `Date.now()` inside a connector. */
  now: () => Date;
}

/** A date range in WIB, both ends inclusive, as `YYYY-MM-DD`. */
export interface DateRange {
  from: string;
  to: string;
}

/** What one run found. */
export interface ConnectorResult {
  rows: StatementRow[];
  /** Current balance, when the source reports one. */
  balance?: number;
  /**
   * Plain notes for `log_bot` about rows the connector read but could not return (a SNAP amount
   * with non-zero sen, a foreign-currency row). Never secrets.
   */
  warnings?: readonly string[];
}

/**
 * Thrown by a connector for a failure the account owner must act on (missing or rejected
 * credentials, a KeyBCA token that is needed and absent, a bank in maintenance). The scheduler
 * logs `message` verbatim in `log_bot`, so it must be plain and must not contain secrets.
 */
export class ConnectorError extends Error {
  override name = 'ConnectorError';
  /** Stable reason, for log filtering and back-off decisions. */
  readonly code:
    | 'missing_credentials'
    | 'token_required'
    | 'auth_failed'
    | 'bank_unavailable'
    | 'bad_response'
    | 'rate_limited'
    | 'not_configured'
    /** The bank refused the request itself (wrong account number, feature not enabled): owner acts. */
    | 'request_rejected';
  /** Whether trying again later may help (back off) or the owner must act first. */
  readonly retryable: boolean;

  constructor(
    code: ConnectorError['code'],
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? (code === 'bank_unavailable' || code === 'rate_limited');
  }
}

/**
 * A bank or other source. Registered under `module` (what `list_bank` shows and accounts store);
 * adding a bank means adding one of these to the registry, nothing in the server's core.
 */
export interface Connector {
  /** Module name, lower-case: `bca`, `bri`, `mandiri`, `simulator`, ... */
  readonly module: string;
  /** Human name shown by `list_bank`. */
  readonly bankName: string;
  /** Credentials the connector cannot run without; checked before `fetchStatement` is called. */
  readonly requiredCredentials: readonly CredentialName[];
  /** Reads the rows of `range` for one account. Throws {@link ConnectorError} for owner-facing failures. */
  fetchStatement(ctx: ConnectorContext, range: DateRange): Promise<ConnectorResult>;
}
