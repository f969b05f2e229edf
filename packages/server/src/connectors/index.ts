/**
 * @module connectors
 * Every source of mutations: the connector seam, the bank registry, the simulator, the SNAP
 * client and the statement file importers. The server's core imports from here only.
 */
export * from './connector.js';
export * from './csv/index.js';
export { KeyBcaGuardConnector } from './keybca-guard-connector.js';
export {
  BANKS,
  type BankDefinition,
  type BankEntry,
  type ConnectorRegistry,
  type ConnectorRegistryConfig,
  createConnectorRegistry,
  SIMULATOR_BANK_ID,
} from './registry.js';
export { SimulatorConnector, type SimulatorOptions } from './simulator/index.js';
export {
  type FetchLike,
  missingSnapSettings,
  resolveSnapCredentials,
  type SnapBankConfig,
  SnapConnector,
  type SnapConnectorOptions,
  type SnapCredentials,
  type SnapService,
} from './snap/index.js';
export { UnconfiguredBankConnector } from './unconfigured-bank-connector.js';
