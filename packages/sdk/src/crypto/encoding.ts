/**
 * @module crypto/encoding
 * Hex and base64 for signatures, written out because `Buffer` is Node-only and `atob` throws on
 * bad input: a malformed signature header must decode to "no match", never to an exception.
 */

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex of `bytes`. */
export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    out += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!;
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/** Bytes of a hex string (either case); `undefined` for odd length or a non-hex character. */
export function decodeHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = hexValue(text.charCodeAt(2 * i));
    const low = hexValue(text.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return undefined;
    out[i] = (high << 4) | low;
  }
  return out;
}

const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (RFC 4648, with padding) of `bytes`, as Standard Webhooks signatures use. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += BASE64_DIGITS[n >> 18]! + BASE64_DIGITS[(n >> 12) & 63]! + BASE64_DIGITS[(n >> 6) & 63]!;
    out += BASE64_DIGITS[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += `${BASE64_DIGITS[n >> 18]!}${BASE64_DIGITS[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += `${BASE64_DIGITS[n >> 18]!}${BASE64_DIGITS[(n >> 12) & 63]!}${BASE64_DIGITS[(n >> 6) & 63]!}=`;
  }
  return out;
}
