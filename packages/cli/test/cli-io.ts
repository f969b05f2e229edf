/**
 * @module test/cli-io
 * A {@link CommandIo} for in-process CLI tests: real fetch and files, captured output.
 */
import { readFile } from 'node:fs/promises';
import type { CommandIo } from '../src/commands/command-io.js';

/** A CommandIo that records stdout, stderr and the exit code. */
export function captureIo(options: { stdin?: string | Uint8Array; now?: Date } = {}) {
  const out = { stdout: '', stderr: '', exitCode: undefined as number | undefined };
  const io: CommandIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    readStdin: async () =>
      typeof options.stdin === 'string'
        ? new TextEncoder().encode(options.stdin)
        : (options.stdin ?? new Uint8Array()),
    readFile: (path) => readFile(path),
    fetch: (input, init) => fetch(input, init),
    now: () => options.now ?? new Date(),
    setExitCode: (code) => {
      out.exitCode = code;
    },
  };
  return { io, out };
}
