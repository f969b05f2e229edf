/**
 * @module commands/serve
 * `mutasibank serve`: the server on an embedded SQLite file. On an empty database it creates the
 * first user and prints its token once, with the URL and a ready curl line. SIGINT/SIGTERM shut
 * it down gracefully (in-flight requests finish, the database closes); a second signal forces it.
 */
import { CONFIG_DOC, ConfigError, loadConfig, type RunningServer, startServer } from '@mutasibank/server';
import type { Command } from 'commander';

function settingsHelp(): string {
  const rows = CONFIG_DOC.map(
    (s) => `  ${(s.flag ? `${s.flag}, ` : '') + s.env}\n      ${s.meaning} (default ${s.default})`,
  );
  return `\nSettings (flags win over environment variables):\n${rows.join('\n')}\n`;
}

/** The banner printed once the server listens. */
export function startBanner(server: RunningServer, dev: boolean): string {
  const lines = [`mutasibank server listening: ${server.apiUrl}${dev ? '  (dev mode)' : ''}`];
  if (server.bootstrap) {
    const { name, email, token } = server.bootstrap;
    lines.push(
      '',
      `First start: created user "${name}" <${email}>.`,
      'API token (shown only now; keep it):',
      `  ${token}`,
      '',
      'Try it:',
      `  curl -H "Authorization: ${token}" ${server.apiUrl}/user`,
    );
  }
  for (const w of server.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

/** Registers `serve` on the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the Mutasibank-compatible API server on a SQLite file')
    .option('--port <port>', 'TCP port', undefined)
    .option('--host <host>', 'address to bind')
    .option('--db <file>', 'SQLite database file')
    .option('--dev', 'dev mode: simulator endpoint, http/loopback webhook URLs')
    .option('--key-file <file>', 'key file for secrets at rest')
    .addHelpText('after', settingsHelp())
    .action(async (flags: { port?: string; host?: string; db?: string; dev?: boolean; keyFile?: string }) => {
      // Handlers go in before anything starts, so a signal during start-up is handled too.
      let server: RunningServer | undefined;
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          process.stderr.write(`mutasibank serve: ${signal} again, exiting now\n`);
          process.exit(130);
        }
        stopping = true;
        process.stderr.write(`mutasibank serve: ${signal}, shutting down\n`);
        (server ? server.close() : Promise.resolve()).then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`mutasibank serve: shutdown failed: ${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      try {
        const config = loadConfig(process.env, flags);
        server = await startServer(config);
        if (stopping) return void (await server.close());
        process.stdout.write(startBanner(server, config.dev));
      } catch (err) {
        const msg =
          err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
        process.stderr.write(`mutasibank serve: ${msg}\n`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.exitCode = 1;
      }
    });
}
