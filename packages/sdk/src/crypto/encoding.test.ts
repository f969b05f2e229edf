import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHex, encodeBase64, encodeHex } from './encoding.js';

describe('hex and base64', () => {
  it('round-trips hex in either case, and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = encodeHex(bytes);
        expect(hex).toBe(Buffer.from(bytes).toString('hex'));
        expect(decodeHex(hex)).toEqual(bytes);
        expect(decodeHex(hex.toUpperCase())).toEqual(bytes);
      }),
    );
  });

  it('decodes malformed hex to undefined, never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const decoded = decodeHex(text);
        if (decoded !== undefined) expect(encodeHex(decoded)).toBe(text.toLowerCase());
      }),
    );
    expect(decodeHex('abc')).toBeUndefined();
    expect(decodeHex('zz')).toBeUndefined();
  });

  it('encodes base64 exactly as Buffer does (all padding cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});
