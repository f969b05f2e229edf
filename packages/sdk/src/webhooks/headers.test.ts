import { describe, expect, it } from 'vitest';
import { readHeader } from './headers.js';

describe('readHeader', () => {
  it('reads Headers, Node headers (arrays joined) and plain records in any case', () => {
    expect(readHeader(new Headers({ 'X-Mutasibank-Signature': 'abc' }), 'x-mutasibank-signature')).toBe(
      'abc',
    );
    expect(readHeader({ 'x-mutasibank-signature': 'abc' }, 'X-Mutasibank-Signature')).toBe('abc');
    expect(readHeader({ 'X-MUTASIBANK-SIGNATURE': 'abc' }, 'X-Mutasibank-Signature')).toBe('abc');
    expect(readHeader({ 'x-mutasibank-signature': ['a', 'b'] }, 'X-Mutasibank-Signature')).toBe('a, b');
    expect(readHeader({ 'x-mutasibank-timestamp': 1767225600 }, 'X-Mutasibank-Timestamp')).toBe('1767225600');
  });

  it('gives undefined when absent or an empty array', () => {
    expect(readHeader({}, 'X-Mutasibank-Signature')).toBeUndefined();
    expect(readHeader({ 'x-mutasibank-signature': [] }, 'X-Mutasibank-Signature')).toBeUndefined();
    expect(readHeader({ 'x-mutasibank-signature': undefined }, 'X-Mutasibank-Signature')).toBeUndefined();
    expect(readHeader(new Headers(), 'X-Mutasibank-Signature')).toBeUndefined();
  });
});
