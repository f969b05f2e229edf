/**
 * @module commands/import-progress
 * A bytes-based progress bar for `mutasibank import`, drawn on standard error only when it is a
 * terminal (so logs and pipes get the summaries alone), and only for files worth watching.
 */
import { Transform } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';

/** Files smaller than this import in a blink; no bar. */
export const PROGRESS_MIN_BYTES = 1024 * 1024;

const MIB = 1024 * 1024;

/** One file's progress. */
export interface FileProgress {
  /** Counts the bytes that pass through (pipe the file through it). */
  readonly counter: Transform;
  /** Shows what happens once every byte was read (e.g. the server is still importing). */
  setStatus(text: string): void;
  stop(): void;
}

/**
 * A progress bar for one file of `totalBytes` on `stream`; a counter that draws nothing when
 * there is no stream (no terminal) or the file is small.
 */
export function startFileProgress(
  stream: NodeJS.WritableStream | undefined,
  label: string,
  totalBytes: number,
): FileProgress {
  const bar =
    stream !== undefined && totalBytes >= PROGRESS_MIN_BYTES
      ? new SingleBar(
          {
            stream,
            format: `${label} [{bar}] {percentage}% {doneMiB}/{totalMiB} MiB {status}`,
            hideCursor: true,
            clearOnComplete: true,
            fps: 10,
          },
          Presets.shades_classic,
        )
      : undefined;
  const totalMiB = (totalBytes / MIB).toFixed(1);
  let bytes = 0;
  let status = '';
  bar?.start(totalBytes, 0, { doneMiB: '0.0', totalMiB, status });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      bar?.update(Math.min(bytes, totalBytes), { doneMiB: (bytes / MIB).toFixed(1), totalMiB, status });
      done(null, chunk);
    },
  });
  return {
    counter,
    setStatus(text) {
      status = text;
      bar?.update(Math.min(bytes, totalBytes), { doneMiB: (bytes / MIB).toFixed(1), totalMiB, status });
    },
    stop() {
      bar?.stop();
    },
  };
}
