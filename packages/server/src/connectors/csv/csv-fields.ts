/**
 * @module connectors/csv/csv-fields
 * Splits one CSV record into fields: quoted fields may hold the delimiter, doubled quotes (`""`)
 * and line breaks; the delimiter is a comma, a tab or a semicolon. Lines without a quote take a
 * fast path, since most statement rows have none.
 */

/** The delimiters statement exports use, in the order detection tries them. */
export const CSV_DELIMITERS = [',', '\t', ';'] as const;

/** One of {@link CSV_DELIMITERS}. */
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * The outcome of splitting: the fields; or `unterminated` when a quoted field runs past the end
 * of the text (the record continues on the next line); or a reason it is malformed.
 */
export type SplitResult =
  | { kind: 'fields'; fields: string[] }
  | { kind: 'unterminated' }
  | { kind: 'malformed'; reason: string };

/**
 * Splits `text` on `delimiter`, honouring double quotes.
 *
 * @example
 * splitCsvRecord('a,"b, ""c""",d', ','); // { kind: 'fields', fields: ['a', 'b, "c"', 'd'] }
 */
export function splitCsvRecord(text: string, delimiter: CsvDelimiter): SplitResult {
  if (!text.includes('"')) return { kind: 'fields', fields: text.split(delimiter) };
  const fields: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    let start = i;
    while (start < n && text[start] === ' ') start++;
    if (text[start] === '"') {
      let value = '';
      let j = start + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close === -1) return { kind: 'unterminated' };
        value += text.slice(j, close);
        if (text[close + 1] === '"') {
          value += '"';
          j = close + 2;
          continue;
        }
        j = close + 1;
        break;
      }
      while (j < n && text[j] === ' ') j++;
      if (j < n && text[j] !== delimiter) {
        return { kind: 'malformed', reason: `text after a closing quote at column ${j + 1}` };
      }
      fields.push(value);
      if (j >= n) return { kind: 'fields', fields };
      i = j + 1;
    } else {
      const next = text.indexOf(delimiter, i);
      if (next === -1) {
        fields.push(text.slice(i));
        return { kind: 'fields', fields };
      }
      fields.push(text.slice(i, next));
      i = next + 1;
    }
  }
}
