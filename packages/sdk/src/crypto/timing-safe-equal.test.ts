import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timingSafeEqual } from './timing-safe-equal.js';

describe('timingSafeEqual', () => {
  it('is true exactly for equal byte strings, and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.uint8Array({ maxLength: 70 }), (a, b) => {
        const equal = a.length === b.length && a.every((byte, i) => byte === b[i]);
        expect(timingSafeEqual(a, b)).toBe(equal);
        expect(timingSafeEqual(a, a.slice())).toBe(true);
      }),
    );
  });

  it('compares strings as UTF-8, including an empty known value', () => {
    expect(timingSafeEqual('api-key', 'api-key')).toBe(true);
    expect(timingSafeEqual('api-key', 'api-kez')).toBe(false);
    expect(timingSafeEqual('', '')).toBe(true);
    expect(timingSafeEqual('', 'x')).toBe(false);
    expect(timingSafeEqual('x', '')).toBe(false);
    expect(timingSafeEqual('ü', 'u')).toBe(false);
  });

  it('does not confuse a candidate that repeats the known value', () => {
    expect(timingSafeEqual('ab', 'abab')).toBe(false);
  });
});
