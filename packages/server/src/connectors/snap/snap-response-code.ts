/**
 * @module connectors/snap/snap-response-code
 * SNAP's 7-character `responseCode`: HTTP status (3), service code (2), case (2); `4011401` is
 * HTTP 401, service 14 (Bank Statement), case 01 (invalid token). One function maps a failure
 * to the {@link ConnectorError} the scheduler logs and backs off on.
 */
import { ConnectorError } from '../connector.js';

/** A parsed response code. */
export interface SnapResponseCode {
  code: string;
  httpStatus: number;
  serviceCode: string;
  caseCode: string;
}

/** Reads a response code; `undefined` unless it is exactly seven digits. */
export function parseResponseCode(value: unknown): SnapResponseCode | undefined {
  if (typeof value !== 'string' || !/^\d{7}$/.test(value)) return undefined;
  return {
    code: value,
    httpStatus: Number(value.slice(0, 3)),
    serviceCode: value.slice(3, 5),
    caseCode: value.slice(5, 7),
  };
}

/** True for 2xx codes. */
export function isSuccessCode(code: SnapResponseCode): boolean {
  return code.httpStatus >= 200 && code.httpStatus < 300;
}

/** True for the codes that mean "get a new token and try again": 401xx01 invalid, 401xx03 not found. */
export function isInvalidTokenCode(code: SnapResponseCode): boolean {
  return code.httpStatus === 401 && (code.caseCode === '01' || code.caseCode === '03');
}

function shorten(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > 160 ? `${clean.slice(0, 157)}...` : clean;
}

/**
 * The error for a refused SNAP call: 401 -> `auth_failed`; 400, 403, 404, 405, 409 ->
 * `request_rejected` (409, a duplicate X-EXTERNAL-ID, may be retried); 429 -> `rate_limited`;
 * 5xx -> `bank_unavailable`; anything else -> `bad_response`. The bank's own message is kept.
 */
export function snapErrorFor(
  bankName: string,
  code: SnapResponseCode,
  responseMessage: unknown,
): ConnectorError {
  const said = `${code.code}${typeof responseMessage === 'string' && responseMessage.trim() !== '' ? ` ${shorten(responseMessage)}` : ''}`;
  const status = code.httpStatus;
  if (status === 401) {
    if (isInvalidTokenCode(code)) {
      return new ConnectorError(
        'auth_failed',
        `${bankName} kept refusing the access token (${said}) after a fresh one was requested`,
      );
    }
    return new ConnectorError(
      'auth_failed',
      `${bankName} refused the credentials (${said}): check client_id, client_secret and the private key registered with the bank`,
    );
  }
  if (status === 429) return new ConnectorError('rate_limited', `${bankName} asks to slow down (${said})`);
  if (status >= 500)
    return new ConnectorError('bank_unavailable', `${bankName} is unavailable (${said}); will retry`);
  if (status === 409) {
    return new ConnectorError('request_rejected', `${bankName} refused a duplicate request (${said})`, {
      retryable: true,
    });
  }
  if (status === 403) {
    return new ConnectorError(
      'request_rejected',
      `${bankName} does not allow this request (${said}); ask the bank to enable it for this account`,
    );
  }
  if (status === 400 || status === 404 || status === 405) {
    return new ConnectorError(
      'request_rejected',
      `${bankName} refused the request (${said}): check the account number and the bank's SNAP settings`,
    );
  }
  return new ConnectorError('bad_response', `${bankName} answered with an unexpected code (${said})`);
}
