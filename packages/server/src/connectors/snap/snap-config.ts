/**
 * @module connectors/snap/snap-config
 * Per-bank SNAP settings. Banks differ in host, path prefix, version, channel id and which
 * statement service they open to partners; everything else is the SNAP standard.
 */

/** The statement service a bank offers: Bank Statement (14) or Transaction History List (12). */
export type SnapService = 'bank-statement' | 'transaction-history';

/** The SNAP settings of one bank, as the server's configuration gives them. */
export interface SnapBankConfig {
  /** Scheme and host (and any gateway path), e.g. `https://sandbox.bank.co.id`. */
  baseUrl: string;
  /** `CHANNEL-ID` header the bank assigned (often `95221`). */
  channelId: string;
  /** Path prefix before the version. Default `/openapi` (BCA); BRI uses `/snap`. */
  pathPrefix?: string;
  /** API version segment. Default `v1.0`. */
  version?: string;
  /** Which service to read statements with. Default `bank-statement`. */
  service?: SnapService;
  /** `X-PARTNER-ID` for accounts that do not set `api_key`. */
  partnerId?: string;
  /** PEM RSA private key for the access-token signature, for accounts that do not set `api_secret`. */
  privateKeyPem?: string;
  /** Full relative paths, where a bank strays from `{prefix}/{version}/<service>`. */
  paths?: { accessToken?: string; bankStatement?: string; transactionHistory?: string };
  /** Page size for Transaction History List. Default 100. */
  pageSize?: number;
  /** Most pages read in one fetch before giving up as a paging loop. Default 200. */
  maxPages?: number;
  /** Time limit of one HTTP call. Default 30,000 ms. */
  timeoutMs?: number;
  /** Refresh a token this long before it expires. Default 60 s. */
  tokenRefreshMarginSeconds?: number;
  /** Write `X-TIMESTAMP` with milliseconds (`...11.000+07:00`), for banks that want them. Default false. */
  isTimestampWithMillis?: boolean;
}

/** The settings a bank cannot work without. */
export const REQUIRED_SNAP_SETTINGS = ['baseUrl', 'channelId'] as const;

/** Names of required settings that are absent or empty in `config`. */
export function missingSnapSettings(config: Partial<SnapBankConfig> | undefined): string[] {
  return REQUIRED_SNAP_SETTINGS.filter((key) => {
    const value = config?.[key];
    return typeof value !== 'string' || value.trim() === '';
  });
}

/** The three relative paths of a bank, with defaults from prefix and version. */
export interface SnapPaths {
  accessToken: string;
  bankStatement: string;
  transactionHistory: string;
}

/** Resolves the paths the client calls and signs. */
export function resolveSnapPaths(config: SnapBankConfig): SnapPaths {
  const prefix = `/${(config.pathPrefix ?? '/openapi').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const base = `${prefix}/${config.version ?? 'v1.0'}`;
  return {
    accessToken: config.paths?.accessToken ?? `${base}/access-token/b2b`,
    bankStatement: config.paths?.bankStatement ?? `${base}/bank-statement`,
    transactionHistory: config.paths?.transactionHistory ?? `${base}/transaction-history-list`,
  };
}
