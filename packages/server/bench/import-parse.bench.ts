/**
 * @module bench/import-parse
 * Rows per second and peak memory of parsing a 1,000,000-row KlikBCA CSV with `parseStatement`,
 * next to a baseline that only reads the same file and splits it into lines, in this process.
 *
 *   node --expose-gc --import tsx --conditions=source packages/server/bench/import-parse.bench.ts [rows] [runs]
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStatement } from '../src/connectors/csv/index.js';
import { writeKlikbcaCsv } from './generate-klikbca.js';
import { type Measured, measure } from './measure-memory.js';

async function readAndSplit(path: string): Promise<number> {
  const decoder = new TextDecoder();
  let rest = '';
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const parts = (rest + decoder.decode(chunk as Buffer, { stream: true })).split('\n');
    rest = parts.pop() ?? '';
    lines += parts.length;
  }
  return lines + (rest === '' ? 0 : 1);
}

async function parseBatches(path: string): Promise<number> {
  const parse = parseStatement(createReadStream(path));
  let rows = 0;
  for await (const batch of parse.batches()) rows += batch.length;
  const summary = parse.summary();
  if (!summary.isComplete || summary.footer.status !== 'ok')
    throw new Error(`bench file did not check: ${JSON.stringify(summary.footer)}`);
  return rows;
}

async function parseRows(path: string): Promise<number> {
  let rows = 0;
  for await (const _ of parseStatement(createReadStream(path))) rows++;
  return rows;
}

function print(label: string, m: Measured): void {
  const rate = Math.round(m.rows / m.seconds).toLocaleString('en-US');
  console.log(
    `${label.padEnd(34)} ${m.rows.toLocaleString('en-US').padStart(10)} rows  ${m.seconds.toFixed(2).padStart(6)} s  ` +
      `${rate.padStart(11)} rows/s  peak RSS ${m.peakRssMiB.toFixed(0).padStart(4)} MiB  peak heap ${m.peakHeapMiB.toFixed(0).padStart(4)} MiB`,
  );
}

/** Best of `runs` (the machine may be shared; the fastest run is the least disturbed). */
async function best(runs: number, run: () => Promise<number>): Promise<Measured> {
  let fastest: Measured | undefined;
  for (let i = 0; i < runs; i++) {
    const m = await measure(run);
    if (fastest === undefined || m.seconds < fastest.seconds) fastest = m;
  }
  return fastest as Measured;
}

const rowCount = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const startupRssMiB = process.memoryUsage().rss / 2 ** 20;
const dir = await mkdtemp(join(tmpdir(), 'mutasibank-bench-'));
try {
  const path = join(dir, 'klikbca.csv');
  const generated = await measure(async () => (await writeKlikbcaCsv(path, { rows: rowCount })).rows);
  const { size } = await stat(path);
  console.log(
    `node ${process.version}, ${(size / 2 ** 20).toFixed(1)} MiB file, RSS at start ${startupRssMiB.toFixed(0)} MiB, ` +
      `best of ${runs} runs, gc ${'gc' in globalThis ? 'exposed' : 'not exposed'}`,
  );
  print('generate (streaming write)', generated);
  const baseline = await best(runs, () => readAndSplit(path));
  print('baseline: read + split lines', baseline);
  const batches = await best(runs, () => parseBatches(path));
  print('parseStatement().batches()', batches);
  const rows = await best(runs, () => parseRows(path));
  print('parseStatement() per row', rows);
  const ratio = (m: Measured): string => (m.seconds / baseline.seconds).toFixed(2);
  console.log(`ratio to baseline (time): batches ${ratio(batches)}x, per row ${ratio(rows)}x`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
