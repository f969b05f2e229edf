/**
 * @module config
 * Server configuration from command-line flags and environment variables (flags win). Pure: the
 * caller passes the environment in, so only the process entry point ever reads `process.env`.
 * Every setting is listed once in {@link CONFIG_DOC} (the README's table is generated from it).
 */
import { readFileSync } from 'node:fs';
import { BANKS } from './connectors/registry.js';
import type { SnapBankConfig, SnapService } from './connectors/snap/index.js';
import type { PaymentAccount } from './http/context.js';
import { DEFAULT_INVOICE_SETTINGS, type InvoiceSettings } from './invoices/invoice-settings.js';

/** The resolved configuration. */
export interface ServerConfig {
  port: number;
  host: string;
  /** SQLite file path (`:memory:` for a throwaway database). */
  dbPath: string;
  dev: boolean;
  /** 32-byte server key given directly (hex or base64), instead of a key file. */
  secretKey: string | undefined;
  /** Where the key file lives when no key is given; created on first start with mode 0600. */
  keyFile: string;
  bootstrapToken: string | undefined;
  bootstrapName: string;
  bootstrapEmail: string;
  logLevel: string;
  publicUrl: string | undefined;
  trustProxy: boolean;
  bodyLimitBytes: number;
  paymentAccounts: PaymentAccount[];
  topupMinAmount: number;
  topupTtlMinutes: number;
  matchDefaultDays: number;
  /** SNAP settings per bank module, from `MUTASIBANK_SNAP_<BANK>_<SETTING>`. */
  snap: Record<string, Partial<SnapBankConfig>>;
  /** Bank modules shown as in maintenance. */
  maintenance: string[];
  /** Seed of the simulator bank's generated statements. */
  simulatorSeed: string;
  /** Hours a rotated-out webhook secret keeps signing alongside the new one. */
  rotationGraceHours: number;
  /** Webhook delivery tuning. */
  delivery: {
    timeoutMs: number;
    leaseMs: number;
    concurrency: number;
    perEndpoint: number;
    disableAfterFailingMs: number;
  };
  /** Largest statement file `POST /account/{id}/import` accepts, bytes. */
  importLimitBytes: number;
  /** Directory for the temporary copy of each uploaded statement; `undefined`: the OS temp dir. */
  importSpoolDir: string | undefined;
  /** Unique codes, validity, grace, tolerance and expiry of invoices (and top-ups). */
  invoices: InvoiceSettings;
}

/** Flags of `mutasibank serve` (all optional). */
export interface ServeFlags {
  port?: string | number;
  host?: string;
  db?: string;
  dev?: boolean;
  keyFile?: string;
}

/** One documented setting. */
export interface ConfigSetting {
  flag?: string;
  env: string;
  default: string;
  meaning: string;
}

/** Every setting, for the README and `mutasibank serve --help`. */
export const CONFIG_DOC: readonly ConfigSetting[] = [
  {
    flag: '--port',
    env: 'MUTASIBANK_PORT',
    default: '8080',
    meaning: 'TCP port to listen on (0 picks a free one)',
  },
  {
    flag: '--host',
    env: 'MUTASIBANK_HOST',
    default: '127.0.0.1',
    meaning: 'address to bind; 0.0.0.0 to accept remote clients',
  },
  {
    flag: '--db',
    env: 'MUTASIBANK_DB',
    default: './mutasibank.db',
    meaning: 'SQLite file (created if missing), or postgres://user@host/db[?schema=name] for PostgreSQL',
  },
  {
    flag: '--dev',
    env: 'MUTASIBANK_DEV',
    default: 'off',
    meaning: 'dev mode: the simulator endpoint, and http/loopback webhook URLs allowed',
  },
  {
    flag: '--key-file',
    env: 'MUTASIBANK_KEY_FILE',
    default: '<db>.key',
    meaning: 'file holding the 32-byte key that encrypts secrets at rest; created with mode 0600',
  },
  {
    env: 'MUTASIBANK_SECRET_KEY',
    default: '-',
    meaning: 'the key itself (64 hex characters or base64); overrides the key file',
  },
  {
    env: 'MUTASIBANK_BOOTSTRAP_TOKEN',
    default: 'random',
    meaning: "the first user's API token on an empty database (at least 16 characters)",
  },
  { env: 'MUTASIBANK_BOOTSTRAP_NAME', default: 'Admin', meaning: "the first user's name" },
  { env: 'MUTASIBANK_BOOTSTRAP_EMAIL', default: 'admin@localhost', meaning: "the first user's email" },
  {
    env: 'MUTASIBANK_LOG_LEVEL',
    default: 'info',
    meaning: 'fatal, error, warn, info, debug, trace or silent',
  },
  {
    env: 'MUTASIBANK_PUBLIC_URL',
    default: 'http://<host>:<port>',
    meaning: 'base URL printed at start (behind a proxy)',
  },
  {
    env: 'MUTASIBANK_TRUST_PROXY',
    default: 'off',
    meaning: 'trust X-Forwarded-* headers from a reverse proxy',
  },
  { env: 'MUTASIBANK_BODY_LIMIT', default: '1048576', meaning: 'largest JSON or form body in bytes' },
  {
    env: 'MUTASIBANK_PAYMENT_ACCOUNTS',
    default: 'two sample accounts',
    meaning:
      'JSON array of {id, name, account_number, account_name, account_id?} that receive top-ups; account_id binds one to an existing bank account, otherwise one is created for the first user (inactive until its credentials are set)',
  },
  { env: 'MUTASIBANK_TOPUP_MIN', default: '10000', meaning: 'smallest top-up, rupiah' },
  {
    env: 'MUTASIBANK_TOPUP_TTL_MINUTES',
    default: '1440',
    meaning: 'how long a pending top-up waits for its transfer',
  },
  {
    env: 'MUTASIBANK_INVOICE_CODE_MIN',
    default: '1',
    meaning: 'smallest unique code ("kode unik") of invoices and top-ups; 0 allows the bare amount',
  },
  { env: 'MUTASIBANK_INVOICE_CODE_MAX', default: '999', meaning: 'largest unique code' },
  {
    env: 'MUTASIBANK_INVOICE_CODE_MODE',
    default: 'add',
    meaning: 'add (total = amount + code) or subtract (total = amount - code); top-ups always add',
  },
  {
    env: 'MUTASIBANK_INVOICE_TTL_MINUTES',
    default: '1440',
    meaning: 'validity window of an invoice created without expires_at',
  },
  {
    env: 'MUTASIBANK_INVOICE_GRACE_MINUTES',
    default: '0',
    meaning: 'after expires_at, a transfer within this long still pays the invoice (paid_late)',
  },
  {
    env: 'MUTASIBANK_INVOICE_UNDERPAID_TOLERANCE',
    default: '1000',
    meaning: 'a credit up to this many rupiah below an open total goes to review as underpaid (0: off)',
  },
  {
    env: 'MUTASIBANK_INVOICE_OVERPAID_TOLERANCE',
    default: '1000',
    meaning: 'a credit up to this many rupiah above an open total goes to review as overpaid (0: off)',
  },
  {
    env: 'MUTASIBANK_INVOICE_SWEEP_SECONDS',
    default: '60',
    meaning: 'how often overdue invoices (past expiry and grace) are marked expired',
  },
  {
    env: 'MUTASIBANK_MATCH_DAYS',
    default: '7',
    meaning: 'days (including today, WIB) that match/matchs search without dates',
  },
  {
    env: 'MUTASIBANK_SNAP_<BANK>_<SETTING>',
    default: '-',
    meaning:
      'SNAP settings of a bank (BANK: BCA, BRI, BNI, MANDIRI, ...; SETTING: BASE_URL, CHANNEL_ID, PATH_PREFIX, VERSION, SERVICE, PARTNER_ID, PRIVATE_KEY_FILE); a bank is active once BASE_URL and CHANNEL_ID are set',
  },
  {
    env: 'MUTASIBANK_DELIVERY_TIMEOUT_SECONDS',
    default: '15',
    meaning: 'deadline of one webhook POST (connect, headers and body)',
  },
  {
    env: 'MUTASIBANK_DELIVERY_LEASE_SECONDS',
    default: '60',
    meaning: 'how long a claimed message stays leased; after a crash it is sent again once the lease ends',
  },
  {
    env: 'MUTASIBANK_DELIVERY_CONCURRENCY',
    default: '32',
    meaning: 'webhook POSTs in flight at once, per server process',
  },
  {
    env: 'MUTASIBANK_DELIVERY_PER_ENDPOINT',
    default: '4',
    meaning: 'POSTs in flight at once to one endpoint (1 while it is failing)',
  },
  {
    env: 'MUTASIBANK_DISABLE_AFTER_HOURS',
    default: '24',
    meaning: 'an endpoint whose deliveries have all failed for this long is disabled, with the reason shown',
  },
  {
    env: 'MUTASIBANK_ROTATION_GRACE_HOURS',
    default: '24',
    meaning: 'hours a rotated-out webhook secret keeps signing next to the new one (rotate_secret)',
  },
  {
    env: 'MUTASIBANK_MAINTENANCE',
    default: '-',
    meaning: 'comma-separated bank modules to show as in maintenance',
  },
  {
    env: 'MUTASIBANK_SIMULATOR_SEED',
    default: 'mutasibank',
    meaning: "seed of the simulator bank's generated statements",
  },
  {
    env: 'MUTASIBANK_IMPORT_LIMIT',
    default: '209715200',
    meaning:
      'largest statement file POST /account/{id}/import accepts, in bytes (200 MiB: about two million rows)',
  },
  {
    env: 'MUTASIBANK_IMPORT_SPOOL_DIR',
    default: 'OS temp dir',
    meaning: 'where an uploaded statement is kept (mode 0600) while it is imported; removed afterwards',
  },
];

const DEFAULT_PAYMENT_ACCOUNTS: PaymentAccount[] = [
  { id: 1, name: 'BCA', account_number: '0000000001', account_name: 'Mutasibank Self-Hosted' },
  { id: 2, name: 'Mandiri', account_number: '0000000000002', account_name: 'Mutasibank Self-Hosted' },
];

/** A configuration problem, with the setting's name in the message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(
  name: string,
  value: string | number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function bool(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function paymentAccounts(text: string | undefined): PaymentAccount[] {
  if (!text) return DEFAULT_PAYMENT_ACCOUNTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('MUTASIBANK_PAYMENT_ACCOUNTS must be a JSON array');
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (p) =>
        p &&
        typeof p === 'object' &&
        Number.isInteger((p as PaymentAccount).id) &&
        ((p as PaymentAccount).account_id === undefined ||
          (Number.isInteger((p as PaymentAccount).account_id) &&
            Number((p as PaymentAccount).account_id) > 0)) &&
        ['name', 'account_number', 'account_name'].every(
          (k) => typeof (p as Record<string, unknown>)[k] === 'string',
        ),
    );
  if (!ok) {
    throw new ConfigError(
      'MUTASIBANK_PAYMENT_ACCOUNTS must be a non-empty JSON array of {id, name, account_number, account_name, account_id?}',
    );
  }
  return parsed as PaymentAccount[];
}

const SNAP_SETTINGS: Record<string, keyof SnapBankConfig> = {
  BASE_URL: 'baseUrl',
  CHANNEL_ID: 'channelId',
  PATH_PREFIX: 'pathPrefix',
  VERSION: 'version',
  SERVICE: 'service',
  PARTNER_ID: 'partnerId',
};

/** The environment variable that carries one SNAP setting of one bank. */
export function snapEnvName(module: string, setting: string): string {
  const key = Object.entries(SNAP_SETTINGS).find(([, v]) => v === setting)?.[0] ?? setting.toUpperCase();
  return `MUTASIBANK_SNAP_${module.toUpperCase()}_${key}`;
}

function snapSettings(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, Partial<SnapBankConfig>> {
  const out: Record<string, Partial<SnapBankConfig>> = {};
  for (const [name, value] of Object.entries(env)) {
    const m = /^MUTASIBANK_SNAP_([A-Z0-9]+)_([A-Z_]+)$/.exec(name);
    if (!m || value === undefined || value === '') continue;
    const module = m[1]!.toLowerCase();
    if (!BANKS.some((b) => b.module === module)) {
      throw new ConfigError(
        `${name}: ${m[1]} is not a bank module (known: ${BANKS.map((b) => b.module).join(', ')})`,
      );
    }
    const entry = out[module] ?? {};
    out[module] = entry;
    if (m[2] === 'PRIVATE_KEY_FILE') {
      try {
        entry.privateKeyPem = readFileSync(value, 'utf8');
      } catch {
        throw new ConfigError(`${name}: cannot read ${value}`);
      }
      continue;
    }
    const key = SNAP_SETTINGS[m[2]!];
    if (!key) {
      throw new ConfigError(
        `${name}: unknown SNAP setting ${m[2]} (known: ${Object.keys(SNAP_SETTINGS).join(', ')}, PRIVATE_KEY_FILE)`,
      );
    }
    if (key === 'service') {
      if (value !== 'bank-statement' && value !== 'transaction-history') {
        throw new ConfigError(`${name} must be bank-statement or transaction-history`);
      }
      entry.service = value as SnapService;
    } else (entry as Record<string, string>)[key] = value;
  }
  return out;
}

function invoiceSettings(env: Readonly<Record<string, string | undefined>>): InvoiceSettings {
  const d = DEFAULT_INVOICE_SETTINGS;
  const codeMin = int(
    'MUTASIBANK_INVOICE_CODE_MIN',
    env.MUTASIBANK_INVOICE_CODE_MIN,
    d.codeMin,
    0,
    1_000_000,
  );
  const codeMax = int(
    'MUTASIBANK_INVOICE_CODE_MAX',
    env.MUTASIBANK_INVOICE_CODE_MAX,
    d.codeMax,
    0,
    1_000_000,
  );
  if (codeMax < codeMin) {
    throw new ConfigError(
      `MUTASIBANK_INVOICE_CODE_MAX (${codeMax}) must not be below MUTASIBANK_INVOICE_CODE_MIN (${codeMin})`,
    );
  }
  const mode = (env.MUTASIBANK_INVOICE_CODE_MODE ?? '').trim().toLowerCase() || d.codeMode;
  if (mode !== 'add' && mode !== 'subtract') {
    throw new ConfigError(
      `MUTASIBANK_INVOICE_CODE_MODE must be add or subtract, got ${JSON.stringify(mode)}`,
    );
  }
  const minutes = (name: string, fallbackMs: number, min: number) =>
    int(name, env[name], fallbackMs / 60_000, min, 525_600) * 60_000;
  return {
    codeMin,
    codeMax,
    codeMode: mode,
    defaultValidityMs: minutes('MUTASIBANK_INVOICE_TTL_MINUTES', d.defaultValidityMs, 1),
    gracePeriodMs: minutes('MUTASIBANK_INVOICE_GRACE_MINUTES', d.gracePeriodMs, 0),
    tolerance: {
      underpaidRupiah: int(
        'MUTASIBANK_INVOICE_UNDERPAID_TOLERANCE',
        env.MUTASIBANK_INVOICE_UNDERPAID_TOLERANCE,
        d.tolerance.underpaidRupiah,
        0,
        1_000_000_000,
      ),
      overpaidRupiah: int(
        'MUTASIBANK_INVOICE_OVERPAID_TOLERANCE',
        env.MUTASIBANK_INVOICE_OVERPAID_TOLERANCE,
        d.tolerance.overpaidRupiah,
        0,
        1_000_000_000,
      ),
    },
    sweepIntervalMs:
      int(
        'MUTASIBANK_INVOICE_SWEEP_SECONDS',
        env.MUTASIBANK_INVOICE_SWEEP_SECONDS,
        d.sweepIntervalMs / 1000,
        1,
        86_400,
      ) * 1000,
  };
}

/** Resolves the configuration; throws {@link ConfigError} naming the bad setting. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: ServeFlags = {},
): ServerConfig {
  const dbPath = flags.db ?? env.MUTASIBANK_DB ?? './mutasibank.db';
  return {
    port: int('--port / MUTASIBANK_PORT', flags.port ?? env.MUTASIBANK_PORT, 8080, 0, 65535),
    host: flags.host ?? env.MUTASIBANK_HOST ?? '127.0.0.1',
    dbPath,
    dev: flags.dev === true || bool(env.MUTASIBANK_DEV),
    secretKey: env.MUTASIBANK_SECRET_KEY || undefined,
    // A PostgreSQL URL or an in-memory database has no file to keep a key beside.
    keyFile:
      flags.keyFile ??
      env.MUTASIBANK_KEY_FILE ??
      (dbPath === ':memory:' || /^postgres(ql)?:/i.test(dbPath) ? '' : `${dbPath}.key`),
    bootstrapToken: env.MUTASIBANK_BOOTSTRAP_TOKEN || undefined,
    bootstrapName: env.MUTASIBANK_BOOTSTRAP_NAME || 'Admin',
    bootstrapEmail: env.MUTASIBANK_BOOTSTRAP_EMAIL || 'admin@localhost',
    logLevel: env.MUTASIBANK_LOG_LEVEL || 'info',
    publicUrl: env.MUTASIBANK_PUBLIC_URL || undefined,
    trustProxy: bool(env.MUTASIBANK_TRUST_PROXY),
    bodyLimitBytes: int(
      'MUTASIBANK_BODY_LIMIT',
      env.MUTASIBANK_BODY_LIMIT,
      1024 * 1024,
      1024,
      100 * 1024 * 1024,
    ),
    paymentAccounts: paymentAccounts(env.MUTASIBANK_PAYMENT_ACCOUNTS),
    topupMinAmount: int('MUTASIBANK_TOPUP_MIN', env.MUTASIBANK_TOPUP_MIN, 10_000, 1, 1_000_000_000),
    topupTtlMinutes: int('MUTASIBANK_TOPUP_TTL_MINUTES', env.MUTASIBANK_TOPUP_TTL_MINUTES, 1440, 1, 525_600),
    matchDefaultDays: int('MUTASIBANK_MATCH_DAYS', env.MUTASIBANK_MATCH_DAYS, 7, 1, 366),
    snap: snapSettings(env),
    maintenance: (env.MUTASIBANK_MAINTENANCE ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    simulatorSeed: env.MUTASIBANK_SIMULATOR_SEED || 'mutasibank',
    rotationGraceHours: int(
      'MUTASIBANK_ROTATION_GRACE_HOURS',
      env.MUTASIBANK_ROTATION_GRACE_HOURS,
      24,
      0,
      24 * 30,
    ),
    delivery: {
      timeoutMs:
        int('MUTASIBANK_DELIVERY_TIMEOUT_SECONDS', env.MUTASIBANK_DELIVERY_TIMEOUT_SECONDS, 15, 1, 300) *
        1000,
      leaseMs:
        int('MUTASIBANK_DELIVERY_LEASE_SECONDS', env.MUTASIBANK_DELIVERY_LEASE_SECONDS, 60, 1, 3600) * 1000,
      concurrency: int('MUTASIBANK_DELIVERY_CONCURRENCY', env.MUTASIBANK_DELIVERY_CONCURRENCY, 32, 1, 1024),
      perEndpoint: int('MUTASIBANK_DELIVERY_PER_ENDPOINT', env.MUTASIBANK_DELIVERY_PER_ENDPOINT, 4, 1, 256),
      disableAfterFailingMs:
        int('MUTASIBANK_DISABLE_AFTER_HOURS', env.MUTASIBANK_DISABLE_AFTER_HOURS, 24, 1, 24 * 365) *
        3_600_000,
    },
    importLimitBytes: int(
      'MUTASIBANK_IMPORT_LIMIT',
      env.MUTASIBANK_IMPORT_LIMIT,
      200 * 1024 * 1024,
      1024,
      4 * 1024 * 1024 * 1024,
    ),
    importSpoolDir: env.MUTASIBANK_IMPORT_SPOOL_DIR || undefined,
    invoices: invoiceSettings(env),
  };
}

/** The settings as the Markdown table the README shows (kept in sync by a test). */
export function renderConfigTable(settings: readonly ConfigSetting[] = CONFIG_DOC): string {
  const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const rows = settings.map(
    (s) => `| ${s.flag ? `\`${s.flag}\`` : ''} | \`${s.env}\` | ${cell(s.default)} | ${cell(s.meaning)} |`,
  );
  return ['| flag | environment variable | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
