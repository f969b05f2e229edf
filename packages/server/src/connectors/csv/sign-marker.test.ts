import { describe, expect, it } from 'vitest';
import { parseSignMarker, splitSignSuffix } from './sign-marker.js';

describe('parseSignMarker', () => {
  it.each([
    ['CR', 'CR'],
    ['cr', 'CR'],
    ['K', 'CR'],
    ['KREDIT', 'CR'],
    ["'DB", 'DB'],
    ['DR', 'DB'],
    ['D', 'DB'],
    ['DEBIT', 'DB'],
    ['Debet', 'DB'],
  ])('reads %s as %s', (text, marker) => {
    expect(parseSignMarker(text)).toBe(marker);
  });

  it('does not guess at other text', () => {
    expect(parseSignMarker('C')).toBeUndefined();
    expect(parseSignMarker('')).toBeUndefined();
    expect(parseSignMarker('CREDITS')).toBeUndefined();
    expect(parseSignMarker('constructor')).toBeUndefined();
    expect(parseSignMarker('toString')).toBeUndefined();
  });
});

describe('splitSignSuffix', () => {
  it('splits a trailing marker from the amount', () => {
    expect(splitSignSuffix(' 287,490.00 DB ')).toEqual({ amountText: '287,490.00', marker: 'DB' });
  });

  it('leaves text without a marker alone', () => {
    expect(splitSignSuffix('287,490.00')).toEqual({ amountText: '287,490.00', marker: undefined });
    expect(splitSignSuffix('CR')).toEqual({ amountText: 'CR', marker: undefined });
  });
});
