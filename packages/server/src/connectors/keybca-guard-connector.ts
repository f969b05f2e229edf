/**
 * @module connectors/keybca-guard-connector
 * BCA accounts with a `corp_id` are KlikBCA Bisnis accounts, which need the owner's KeyBCA token
 * pair (`token_1`, `token_2`, sent with `input_token`). Without it a run fails at once with
 * `token_required` and a message saying what to do, instead of a vague bank refusal later.
 */
import {
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type ConnectorResult,
  type CredentialName,
  type DateRange,
} from './connector.js';

function isSet(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

/** Wraps the BCA connector with the KeyBCA token check. */
export class KeyBcaGuardConnector implements Connector {
  readonly module: string;
  readonly bankName: string;
  readonly requiredCredentials: readonly CredentialName[];

  constructor(private readonly inner: Connector) {
    this.module = inner.module;
    this.bankName = inner.bankName;
    this.requiredCredentials = inner.requiredCredentials;
  }

  async fetchStatement(ctx: ConnectorContext, range: DateRange): Promise<ConnectorResult> {
    const { corp_id, token_1, token_2 } = ctx.credentials;
    if (isSet(corp_id) && !(isSet(token_1) && isSet(token_2))) {
      throw new ConnectorError(
        'token_required',
        'This BCA account uses KlikBCA Bisnis (corp_id is set) and needs its KeyBCA token pair: ' +
          'send token_1 and token_2 with input_token for this account, then run it again.',
      );
    }
    return this.inner.fetchStatement(ctx, range);
  }
}
