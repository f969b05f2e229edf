/**
 * @module connectors/csv/line-reader
 * Turns a byte or string stream into numbered lines with constant memory: UTF-8 decoded across
 * chunk boundaries, a leading BOM dropped, `\r\n` and `\n` endings, and a cap on line length so a
 * file without line breaks cannot exhaust memory.
 */

/** A physical line of the input; `line` counts from 1 (the BOM does not count). */
export interface SourceLine {
  line: number;
  text: string;
  /** Set when the line was longer than the cap; `text` is then empty. */
  isTooLong?: true;
}

/** Anything a statement can be read from: a file stream, a request body, an array of strings. */
export type StatementSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Options of {@link readLineBatches}. */
export interface ReadLinesOptions {
  /** Longest line kept, in UTF-16 code units; longer lines are reported, not kept. Default 1 MiB. */
  maxLineChars?: number;
}

/** Default of {@link ReadLinesOptions.maxLineChars}. */
export const DEFAULT_MAX_LINE_CHARS = 1 << 20;

/**
 * Reads the lines of `source` in batches (one per input chunk), which keeps the per-line cost of
 * async iteration out of the hot path. A final line without a line break is included.
 *
 * @example
 * for await (const batch of readLineBatches(fs.createReadStream('mutasi.csv'))) {
 *   for (const { line, text } of batch) console.log(line, text);
 * }
 */
export async function* readLineBatches(
  source: StatementSource,
  options: ReadLinesOptions = {},
): AsyncGenerator<SourceLine[]> {
  const maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  // ignoreBOM keeps the BOM in the text so that byte and string input drop it in one place.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending = '';
  let lineNo = 0;
  let isFirstText = true;
  let isSkippingLongLine = false;

  const split = (chunk: string, batch: SourceLine[]): void => {
    let text = chunk;
    if (isFirstText && text.length > 0) {
      isFirstText = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    let buffer = pending + text;
    pending = '';
    for (;;) {
      const nl = buffer.indexOf('\n', start);
      if (nl === -1) break;
      lineNo++;
      if (isSkippingLongLine || nl - start > maxLineChars) {
        isSkippingLongLine = false;
        batch.push({ line: lineNo, text: '', isTooLong: true });
      } else {
        const end = nl > start && buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        batch.push({ line: lineNo, text: buffer.slice(start, end) });
      }
      start = nl + 1;
    }
    buffer = buffer.slice(start);
    if (isSkippingLongLine) return;
    if (buffer.length > maxLineChars) {
      isSkippingLongLine = true;
      return;
    }
    pending = buffer;
  };

  for await (const chunk of source) {
    const batch: SourceLine[] = [];
    split(
      typeof chunk === 'string' ? decoder.decode() + chunk : decoder.decode(chunk, { stream: true }),
      batch,
    );
    if (batch.length > 0) yield batch;
  }
  const batch: SourceLine[] = [];
  split(decoder.decode(), batch);
  if (isSkippingLongLine) batch.push({ line: lineNo + 1, text: '', isTooLong: true });
  else if (pending.length > 0) {
    batch.push({ line: lineNo + 1, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending });
  }
  if (batch.length > 0) yield batch;
}
