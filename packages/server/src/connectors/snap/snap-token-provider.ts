/**
 * @module connectors/snap/snap-token-provider
 * B2B access tokens: requested with an RSA-signed `clientId|X-TIMESTAMP`, cached per client id
 * until shortly before they expire, shared by concurrent runs (one request in flight per client),
 * and dropped when the bank says a token is no longer valid.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConnectorError } from '../connector.js';
import { type FetchLike, postSnapJson } from './snap-http.js';
import { isSuccessCode, parseResponseCode, snapErrorFor } from './snap-response-code.js';
import { formatSnapTimestamp, signTokenRequest } from './snap-signature.js';

/** Settings of a token provider (one per bank). */
export interface SnapTokenProviderOptions {
  fetch: FetchLike;
  bankName: string;
  /** Absolute URL of `access-token/b2b`. */
  url: string;
  timeoutMs: number;
  refreshMarginSeconds: number;
  isTimestampWithMillis: boolean;
}

/** Who asks for a token. */
export interface TokenRequest {
  clientId: string;
  privateKeyPem: string;
  now: () => Date;
  signal: AbortSignal;
}

interface CachedToken {
  accessToken: string;
  refreshAtMs: number;
}

/** Token expiry when the bank leaves `expiresIn` out (SNAP's usual 900 s). */
const DEFAULT_EXPIRES_IN_SECONDS = 900;

/** Issues and caches B2B tokens for one bank. */
export class SnapTokenProvider {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly options: SnapTokenProviderOptions) {}

  /** A valid token for `clientId`, from the cache unless it is close to expiry. */
  async getToken(request: TokenRequest): Promise<string> {
    const cached = this.cache.get(request.clientId);
    if (cached !== undefined && request.now().getTime() < cached.refreshAtMs) return cached.accessToken;
    const pending = this.inFlight.get(request.clientId);
    if (pending !== undefined) return pending;
    const issued = this.requestToken(request).finally(() => this.inFlight.delete(request.clientId));
    this.inFlight.set(request.clientId, issued);
    return issued;
  }

  /** Forgets the cached token of `clientId` (after the bank refused it). */
  invalidate(clientId: string): void {
    this.cache.delete(clientId);
  }

  private privateKey(pem: string): KeyObject {
    let key = this.keys.get(pem);
    if (key === undefined) {
      try {
        key = createPrivateKey(pem);
      } catch (error) {
        throw new ConnectorError(
          'auth_failed',
          'the SNAP private key (api_secret, or privateKeyPem in the bank settings) is not a readable PEM private key',
          { cause: error },
        );
      }
      if (key.asymmetricKeyType !== 'rsa') {
        throw new ConnectorError('auth_failed', 'the SNAP private key must be an RSA key (SHA256withRSA)');
      }
      this.keys.set(pem, key);
    }
    return key;
  }

  private async requestToken(request: TokenRequest): Promise<string> {
    const { bankName } = this.options;
    const key = this.privateKey(request.privateKeyPem);
    const timestamp = formatSnapTimestamp(request.now(), this.options.isTimestampWithMillis);
    const { json } = await postSnapJson({
      fetch: this.options.fetch,
      bankName,
      url: this.options.url,
      headers: {
        'Content-Type': 'application/json',
        'X-TIMESTAMP': timestamp,
        'X-CLIENT-KEY': request.clientId,
        'X-SIGNATURE': signTokenRequest(key, request.clientId, timestamp),
      },
      body: JSON.stringify({ grantType: 'client_credentials' }),
      timeoutMs: this.options.timeoutMs,
      signal: request.signal,
    });
    const code = parseResponseCode(json.responseCode);
    if (code === undefined)
      throw new ConnectorError(
        'bad_response',
        `${bankName} answered the token request without a responseCode`,
      );
    if (!isSuccessCode(code)) {
      const error = snapErrorFor(bankName, code, json.responseMessage);
      if (code.httpStatus === 401) {
        throw new ConnectorError(
          'auth_failed',
          `${bankName} refused the access-token request (${code.code}): check client_id and the private key registered with the bank`,
        );
      }
      throw error;
    }
    const accessToken = json.accessToken;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new ConnectorError(
        'bad_response',
        `${bankName} answered the token request without an accessToken`,
      );
    }
    const expiresIn = Number(json.expiresIn ?? DEFAULT_EXPIRES_IN_SECONDS);
    const lifetimeSeconds =
      Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_SECONDS;
    const margin = Math.min(this.options.refreshMarginSeconds, lifetimeSeconds / 2);
    this.cache.set(request.clientId, {
      accessToken,
      refreshAtMs: request.now().getTime() + (lifetimeSeconds - margin) * 1000,
    });
    return accessToken;
  }
}
