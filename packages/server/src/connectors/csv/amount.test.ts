import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSen, parseAmountSen, parseColumnAmountSen, parseSignedAmountSen } from './amount.js';

function groupEvery3(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

describe('parseAmountSen', () => {
  it.each([
    ['1,000,000.00', 100_000_000],
    ['1.000.000,00', 100_000_000],
    ['72100000.00', 7_210_000_000],
    ['72100000', 7_210_000_000],
    ['.00', 0],
    ['453,684.00', 45_368_400],
    ['1,000', 100_000],
    ['1.000', 100_000],
    ['12.345,67', 1_234_567],
    ["'150000.00", 15_000_000],
    ['Rp 25.000', 2_500_000],
    ['IDR 25,000.00', 2_500_000],
    ['  999  ', 99_900],
  ])('reads %s', (text, sen) => {
    expect(parseAmountSen(text)).toEqual({ ok: true, sen });
  });

  it.each([
    ['', 'the amount is empty'],
    [
      '1,5',
      "amount '1,5': the last ',' is followed by 1 digit(s); a decimal part has exactly 2 digits and a thousands group exactly 3",
    ],
    [
      '1.0000',
      "amount '1.0000': the last '.' is followed by 4 digit(s); a decimal part has exactly 2 digits and a thousands group exactly 3",
    ],
    ['1,00,000.00', "amount '1,00,000.00' has misplaced thousands separators (groups must be 3 digits)"],
    ['1.000,000.00', "amount '1.000,000.00' mixes '.' and ',' as thousands separators"],
    ['1,000,00', "amount '1,000,00' uses ',' both for thousands and for the decimals"],
    ['-5.00', "amount '-5.00' is negative; amounts carry a CR/DB marker instead"],
    ['12a', "'12a' is not an amount (only digits, '.' and ',' are allowed)"],
    ['99999999999999999999', "amount '99999999999999999999' is too large"],
  ])('refuses %j with a reason', (text, reason) => {
    expect(parseAmountSen(text)).toEqual({ ok: false, reason });
  });

  it('reads negative balances when asked', () => {
    expect(parseAmountSen('-1,250.00', { allowNegative: true })).toEqual({ ok: true, sen: -125_000 });
  });

  it('round-trips every integer rupiah amount in en-US, id-ID and ungrouped writing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90_000_000_000_000 }),
        fc.constantFrom('en-US', 'id-ID', 'none'),
        fc.boolean(),
        (rupiah, style, withSen) => {
          const digits = String(rupiah);
          const text =
            style === 'en-US'
              ? `${groupEvery3(digits, ',')}${withSen ? '.00' : ''}`
              : style === 'id-ID'
                ? `${groupEvery3(digits, '.')}${withSen ? ',00' : ''}`
                : `${digits}${withSen ? '.00' : ''}`;
          expect(parseAmountSen(text)).toEqual({ ok: true, sen: rupiah * 100 });
        },
      ),
    );
  });

  it('round-trips sen through formatSen and never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000_000_00 }), (sen) => {
        const idText = formatSen(sen).replace('Rp ', '');
        expect(parseAmountSen(idText)).toEqual({ ok: true, sen });
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseAmountSen(text);
        if (result.ok) expect(Number.isSafeInteger(result.sen)).toBe(true);
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('parseSignedAmountSen', () => {
  it.each([
    ['799,700.00 CR', 79_970_000, 'CR'],
    ['287,490.00 DB', 28_749_000, 'DB'],
    ['1.500,00 D', 150_000, 'DB'],
    ['10000K', 1_000_000, 'CR'],
    ['10,000.00 kredit', 1_000_000, 'CR'],
    ['10,000.00', 1_000_000, undefined],
  ])('reads %s', (text, sen, marker) => {
    expect(parseSignedAmountSen(text)).toEqual({ ok: true, sen, marker });
  });
});

describe('parseColumnAmountSen', () => {
  it('reads an empty, dashed or .00 cell as nothing moved', () => {
    expect(parseColumnAmountSen('')).toEqual({ ok: true, sen: 0 });
    expect(parseColumnAmountSen(' - ')).toEqual({ ok: true, sen: 0 });
    expect(parseColumnAmountSen('.00')).toEqual({ ok: true, sen: 0 });
  });
});

describe('formatSen', () => {
  it('writes rupiah the Indonesian way', () => {
    expect(formatSen(123_456_789)).toBe('Rp 1.234.567,89');
    expect(formatSen(-5)).toBe('-Rp 0,05');
  });
});
