/**
 * The time and peak memory of one bench phase: garbage collected first (when node runs with
 * --expose-gc), RSS and heap sampled every 20 ms while it runs.
 */

/** What {@link measure} reports. */
export interface Measured {
  rows: number;
  seconds: number;
  startRssMiB: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

const MIB = 2 ** 20;

/** Runs `run` (which resolves to a row count) and measures it. */
export async function measure(run: () => Promise<number>): Promise<Measured> {
  (globalThis as { gc?: () => void }).gc?.();
  const startRss = process.memoryUsage().rss;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const started = process.hrtime.bigint();
  const rows = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  sample();
  return {
    rows,
    seconds,
    startRssMiB: startRss / MIB,
    peakRssMiB: peakRss / MIB,
    peakHeapMiB: peakHeap / MIB,
  };
}
