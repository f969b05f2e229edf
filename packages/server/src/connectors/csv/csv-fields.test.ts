import { describe, expect, it } from 'vitest';
import { splitCsvRecord } from './csv-fields.js';

describe('splitCsvRecord', () => {
  it('splits plain fields, keeping empty ones', () => {
    expect(splitCsvRecord('a,,b,', ',')).toEqual({ kind: 'fields', fields: ['a', '', 'b', ''] });
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    expect(splitCsvRecord('"a, b","say ""hi""","x\ny",z', ',')).toEqual({
      kind: 'fields',
      fields: ['a, b', 'say "hi"', 'x\ny', 'z'],
    });
  });

  it('allows spaces around a quoted field', () => {
    expect(splitCsvRecord('"a", "b" ,c', ',')).toEqual({ kind: 'fields', fields: ['a', 'b', 'c'] });
  });

  it('splits on tabs and semicolons', () => {
    expect(splitCsvRecord('1\t"02/01/2024"\tx,y', '\t')).toEqual({
      kind: 'fields',
      fields: ['1', '02/01/2024', 'x,y'],
    });
    expect(splitCsvRecord('a;"b;c"', ';')).toEqual({ kind: 'fields', fields: ['a', 'b;c'] });
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(splitCsvRecord('a,5" disk,b', ',')).toEqual({ kind: 'fields', fields: ['a', '5" disk', 'b'] });
  });

  it('says when a quoted field continues on the next line', () => {
    expect(splitCsvRecord('a,"b', ',')).toEqual({ kind: 'unterminated' });
  });

  it('refuses text after a closing quote', () => {
    expect(splitCsvRecord('"a"b,c', ',')).toEqual({
      kind: 'malformed',
      reason: 'text after a closing quote at column 4',
    });
  });
});
