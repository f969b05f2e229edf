/**
 * @module connectors/unconfigured-bank-connector
 * The connector of a bank the server cannot read yet: every run fails with `not_configured`,
 * saying which settings are missing, so `log_bot` tells the operator exactly what to add.
 */
import { type Connector, ConnectorError, type ConnectorResult } from './connector.js';

/** A bank listed by `list_bank` whose automatic reading is not set up on this server. */
export class UnconfiguredBankConnector implements Connector {
  readonly requiredCredentials = [] as const;

  constructor(
    readonly module: string,
    readonly bankName: string,
    private readonly missingSettings: readonly string[],
  ) {}

  async fetchStatement(): Promise<ConnectorResult> {
    throw new ConnectorError(
      'not_configured',
      `${this.bankName} cannot be read automatically: this server has no SNAP settings for ${this.module} ` +
        `(missing ${this.missingSettings.join(', ')}). Statement files can still be imported.`,
    );
  }
}
