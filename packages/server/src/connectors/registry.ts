/**
 * @module connectors/registry
 * The banks this server knows, as `list_bank` shows them, each with its connector. A bank is read
 * through SNAP when the server's configuration gives its SNAP settings; otherwise its connector
 * fails plainly with `not_configured`. Adding a bank is one entry in {@link BANKS} (or a new
 * `Connector` registered here); nothing in the server's core changes.
 */
import type { Connector } from './connector.js';
import { KeyBcaGuardConnector } from './keybca-guard-connector.js';
import { SimulatorConnector, type SimulatorOptions } from './simulator/index.js';
import { type FetchLike, missingSnapSettings, type SnapBankConfig, SnapConnector } from './snap/index.js';
import { UnconfiguredBankConnector } from './unconfigured-bank-connector.js';

/** A bank the server can list. `id` is the stable `bank_id` of `list_bank` and `account/create`. */
export interface BankDefinition {
  id: number;
  module: string;
  bankName: string;
}

/** The banks, with ids that never change (new banks get new ids). */
export const BANKS: readonly BankDefinition[] = [
  { id: 1, module: 'bca', bankName: 'BCA' },
  { id: 2, module: 'mandiri', bankName: 'Mandiri' },
  { id: 3, module: 'bni', bankName: 'BNI' },
  { id: 4, module: 'bri', bankName: 'BRI' },
  { id: 5, module: 'bsi', bankName: 'BSI (Bank Syariah Indonesia)' },
  { id: 6, module: 'cimb', bankName: 'CIMB Niaga' },
  { id: 7, module: 'permata', bankName: 'Permata' },
  { id: 8, module: 'btn', bankName: 'BTN' },
  { id: 9, module: 'danamon', bankName: 'Danamon' },
];

/** The `bank_id` of the simulator. */
export const SIMULATOR_BANK_ID = 100;

/** The registry's configuration, a plain object the server fills from its environment. */
export interface ConnectorRegistryConfig {
  /** SNAP settings per bank module (`bca`, `bri`, ...); a bank without them is not configured. */
  snap?: Readonly<Record<string, Partial<SnapBankConfig> | undefined>>;
  /** The simulator's settings, or `false` to leave it out of `list_bank`. Default `{}`. */
  simulator?: SimulatorOptions | false;
  /** Modules to show as in maintenance. */
  maintenance?: readonly string[];
  /** The `fetch` SNAP connectors use. Default the global `fetch`. */
  fetch?: FetchLike;
  /**
   * How a missing setting is named in `not_configured` messages, so they can name the server's
   * environment variables. Default `snap.<module>.<setting>`.
   */
  describeSetting?: (module: string, setting: string) => string;
}

/** One `list_bank` row with its connector. */
export interface BankEntry {
  id: number;
  bankName: string;
  module: string;
  connector: Connector;
  /** Whether the connector can run here (SNAP configured, or the simulator). */
  isActive: boolean;
  isMaintenance: boolean;
}

/** The banks and their connectors. */
export interface ConnectorRegistry {
  /** Every bank, in `list_bank` order. */
  readonly banks: readonly BankEntry[];
  byModule(module: string): BankEntry | undefined;
  byId(id: number): BankEntry | undefined;
}

function createBankConnector(
  bank: BankDefinition,
  config: ConnectorRegistryConfig,
): { connector: Connector; isActive: boolean } {
  const settings = config.snap?.[bank.module];
  const missing = missingSnapSettings(settings);
  let connector: Connector;
  if (settings !== undefined && missing.length === 0) {
    connector = new SnapConnector({
      module: bank.module,
      bankName: bank.bankName,
      config: settings as SnapBankConfig,
      ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    });
  } else {
    const describe =
      config.describeSetting ?? ((module: string, setting: string) => `snap.${module}.${setting}`);
    connector = new UnconfiguredBankConnector(
      bank.module,
      bank.bankName,
      missing.map((setting) => describe(bank.module, setting)),
    );
  }
  if (bank.module === 'bca') connector = new KeyBcaGuardConnector(connector);
  return { connector, isActive: missing.length === 0 };
}

/**
 * Builds the registry. Throws when `snap` names a module that is no known bank (a typo in the
 * configuration should stop the server, not silently leave a bank unconfigured).
 *
 * @example
 * const registry = createConnectorRegistry({
 *   snap: { bri: { baseUrl: 'https://sandbox.partner.api.bri.co.id', channelId: '95221', pathPrefix: '/snap' } },
 *   maintenance: ['bni'],
 * });
 * registry.byModule('bri')?.connector.fetchStatement(ctx, { from: '2025-03-01', to: '2025-03-01' });
 */
export function createConnectorRegistry(config: ConnectorRegistryConfig = {}): ConnectorRegistry {
  for (const module of Object.keys(config.snap ?? {})) {
    if (!BANKS.some((bank) => bank.module === module)) {
      throw new Error(
        `SNAP settings given for unknown bank module '${module}'; known: ${BANKS.map((b) => b.module).join(', ')}`,
      );
    }
  }
  const maintenance = new Set(config.maintenance ?? []);
  const banks: BankEntry[] = BANKS.map((bank) => ({
    id: bank.id,
    bankName: bank.bankName,
    module: bank.module,
    ...createBankConnector(bank, config),
    isMaintenance: maintenance.has(bank.module),
  }));
  if (config.simulator !== false) {
    const connector = new SimulatorConnector(config.simulator ?? {});
    banks.push({
      id: SIMULATOR_BANK_ID,
      bankName: connector.bankName,
      module: connector.module,
      connector,
      isActive: true,
      isMaintenance: maintenance.has(connector.module),
    });
  }
  return {
    banks,
    byModule: (module) => banks.find((bank) => bank.module === module),
    byId: (id) => banks.find((bank) => bank.id === id),
  };
}
