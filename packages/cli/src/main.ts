/**
 * @module @mutasibank/cli
 * The `mutasibank` command. Each sub-command lives in `commands/<name>.ts` and registers itself on
 * the program built here; this file only wires them and runs.
 */
import { Command } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { type CommandIo, processIo } from './commands/command-io.js';
import { registerImportCommand } from './commands/import.js';
import { registerServe } from './commands/serve.js';
import { registerSignCommand } from './commands/sign.js';
import { registerTriggerCommand } from './commands/trigger.js';

/**
 * Builds the command-line program (exported so tests can drive it without a child process).
 * `io` is the outside world the commands use; tests pass their own.
 */
export function buildProgram(io: CommandIo = processIo()): Command {
  const program = new Command('mutasibank')
    .description(
      'Run a Mutasibank-compatible server, send signed test webhooks, call the API, import statements',
    )
    .version('0.1.0');
  registerServe(program);
  registerAdmin(program);
  registerTriggerCommand(program, io);
  registerSignCommand(program, io);
  registerImportCommand(program, io);
  return program;
}

/** Runs the CLI with the given argv (defaults to the process's). */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync([...argv]);
}
