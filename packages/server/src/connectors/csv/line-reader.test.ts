import { describe, expect, it } from 'vitest';
import { readLineBatches, type SourceLine, type StatementSource } from './line-reader.js';

async function lines(source: StatementSource, maxLineChars?: number): Promise<SourceLine[]> {
  const out: SourceLine[] = [];
  for await (const batch of readLineBatches(source, maxLineChars === undefined ? {} : { maxLineChars })) {
    out.push(...batch);
  }
  return out;
}

describe('readLineBatches', () => {
  it('drops a UTF-8 BOM, handles CRLF and a last line without a break', async () => {
    const bytes = new TextEncoder().encode('\uFEFFa,b\r\nc\n\nd');
    expect(await lines([bytes])).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: 'c' },
      { line: 3, text: '' },
      { line: 4, text: 'd' },
    ]);
  });

  it('decodes multi-byte characters split across chunks, and a CR split from its LF', async () => {
    const bytes = new TextEncoder().encode('Rp·é\r\nx\n');
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(await lines(chunks)).toEqual([
      { line: 1, text: 'Rp·é' },
      { line: 2, text: 'x' },
    ]);
  });

  it('reads string chunks, a BOM in a string, and an async source', async () => {
    async function* source(): AsyncGenerator<string> {
      yield '\uFEFFfirst';
      yield ' line\nsecond\r\n';
    }
    expect(await lines(source())).toEqual([
      { line: 1, text: 'first line' },
      { line: 2, text: 'second' },
    ]);
  });

  it('reports a line longer than the cap without keeping it, and goes on', async () => {
    const long = 'x'.repeat(50);
    expect(await lines(['ok\n', long.slice(0, 25), long.slice(25), '\nafter\n'], 20)).toEqual([
      { line: 1, text: 'ok' },
      { line: 2, text: '', isTooLong: true },
      { line: 3, text: 'after' },
    ]);
    expect(await lines([`a\n${long}`], 20)).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '', isTooLong: true },
    ]);
  });

  it('gives nothing for an empty source', async () => {
    expect(await lines([])).toEqual([]);
    expect(await lines([''])).toEqual([]);
  });
});
