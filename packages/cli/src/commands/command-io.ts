/**
 * @module commands/command-io
 * What commands touch outside themselves (output, input, network, clock), passed in so tests run a
 * command in-process against real servers and read what it printed.
 */
import { readFile } from 'node:fs/promises';

/** The outside world of a command. */
export interface CommandIo {
  /** Writes to standard output (text as given; add newlines yourself). */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads all of standard input as bytes. */
  readStdin(): Promise<Uint8Array>;
  /** Reads a file as bytes. */
  readFile(path: string): Promise<Uint8Array>;
  /** HTTP. */
  fetch: typeof fetch;
  /** The current time. */
  now(): Date;
  /** Sets the process exit code (commands never call process.exit). */
  setExitCode(code: number): void;
  /** Where progress bars go: standard error when it is a terminal; absent otherwise (no bar). */
  progressStream?: NodeJS.WritableStream;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The real process: stdio, the filesystem, global fetch, the system clock. */
export function processIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readAll(process.stdin),
    readFile: (path) => readFile(path),
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    setExitCode: (code) => {
      process.exitCode = code;
    },
    ...(process.stderr.isTTY && { progressStream: process.stderr }),
  };
}
