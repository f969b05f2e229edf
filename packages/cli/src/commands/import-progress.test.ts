import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { PROGRESS_MIN_BYTES, startFileProgress } from './import-progress.js';

/** A stream that says it is a terminal, recording what is drawn on it. */
function fakeTerminal() {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  let drawn = '';
  stream.on('data', (d: Buffer) => {
    drawn += d.toString();
  });
  return { stream, drawn: () => drawn };
}

async function pass(bytes: number, progress: ReturnType<typeof startFileProgress>): Promise<string> {
  return text(Readable.from([Buffer.alloc(bytes, 'a')]).pipe(progress.counter));
}

describe('startFileProgress', () => {
  it('draws a bar by bytes on a terminal for a large file, and passes the bytes through unchanged', async () => {
    const terminal = fakeTerminal();
    const size = 2 * PROGRESS_MIN_BYTES;
    const progress = startFileProgress(terminal.stream, 'mutasi.csv', size);
    expect(await pass(size, progress)).toHaveLength(size);
    progress.setStatus('(the server is importing)');
    progress.stop();
    expect(terminal.drawn()).toContain('mutasi.csv [');
    expect(terminal.drawn()).toContain('/2.0 MiB');
    expect(terminal.drawn()).toContain('100% 2.0/2.0 MiB (the server is importing)');
  });

  it('draws nothing for a small file or without a terminal', async () => {
    const terminal = fakeTerminal();
    const small = startFileProgress(terminal.stream, 'small.csv', PROGRESS_MIN_BYTES - 1);
    expect(await pass(10, small)).toBe('aaaaaaaaaa');
    small.stop();
    const none = startFileProgress(undefined, 'big.csv', 10 * PROGRESS_MIN_BYTES);
    expect(await pass(10, none)).toHaveLength(10);
    none.stop();
    expect(terminal.drawn()).toBe('');
  });
});
