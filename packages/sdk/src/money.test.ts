import { describe, expect, it } from 'vitest';
import { isPositiveRupiah, toRupiah } from './money.js';

describe('toRupiah', () => {
  it('passes safe integers through and reads decimal strings', () => {
    expect(toRupiah(100000)).toBe(100000);
    expect(toRupiah('100000.00')).toBe(100000);
    expect(toRupiah('100000')).toBe(100000);
    expect(toRupiah(' 5000.0 ')).toBe(5000);
    expect(toRupiah('-2500.00')).toBe(-2500);
    expect(toRupiah(0)).toBe(0);
  });
  it('refuses fractions, sen, grouping and junk', () => {
    for (const bad of [
      150123.5,
      '100.50',
      '1,000',
      '1.000.000',
      '',
      'abc',
      Number.NaN,
      Infinity,
      null,
      {},
      2 ** 60,
    ]) {
      expect(toRupiah(bad)).toBeUndefined();
    }
  });
  it('isPositiveRupiah accepts positive safe integers only', () => {
    expect(isPositiveRupiah(1)).toBe(true);
    for (const bad of [0, -1, 1.5, '1', Number.MAX_SAFE_INTEGER + 1])
      expect(isPositiveRupiah(bad)).toBe(false);
  });
});
