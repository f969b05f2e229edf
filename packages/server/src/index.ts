/**
 * @module @mutasibank/server
 * The Mutasibank-compatible API server: build the app (`buildApp`) or start everything
 * (`startServer`) from a configuration (`loadConfig`).
 */
export { type AppOptions, buildApp } from './app.js';
export { type BootstrapResult, bootstrapFirstUser } from './bootstrap.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export {
  CONFIG_DOC,
  ConfigError,
  type ConfigSetting,
  loadConfig,
  renderConfigTable,
  type ServeFlags,
  type ServerConfig,
} from './config.js';
export type {
  Connector,
  ConnectorContext,
  ConnectorResult,
  DateRange,
  StatementRow,
} from './connectors/connector.js';
export { ConnectorError } from './connectors/connector.js';
export {
  STATEMENT_FORMATS,
  StatementFormatError,
  type StatementFormatName,
} from './connectors/csv/index.js';
export { ApiError, ERROR_CODES, type ErrorCode } from './errors.js';
export {
  ImportAccountNotFoundError,
  type ImportDependencies,
  type ImportStatementOptions,
  importStatement,
} from './ingest/import-statement.js';
export type {
  ImportAccountCheck,
  ImportFooterCheck,
  ImportRefusal,
  ImportRunningBalanceCheck,
  ImportSummary,
} from './ingest/import-summary.js';
export {
  Ingestor,
  type IngestResult,
  type IngestStreamInput,
  type IngestStreamOutcome,
  type IngestStreamResult,
} from './ingest/ingest.js';
export type { InvoiceEngine } from './invoices/invoice-engine.js';
export { DEFAULT_INVOICE_SETTINGS, type InvoiceSettings } from './invoices/invoice-settings.js';
export {
  createIngestor,
  openConfiguredStore,
  type RunningServer,
  type StartOptions,
  startServer,
} from './main.js';
export {
  createSecretBox,
  loadOrCreateKeyFile,
  parseServerKey,
  type SecretBox,
} from './security/secret-box.js';
export { openSqlite } from './store/dialects/sqlite.js';
export { openStore, type Store } from './store/store.js';
