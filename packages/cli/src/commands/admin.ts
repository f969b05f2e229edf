/**
 * @module commands/admin
 * Offline administration on the database file: `mutasibank users create|list` and
 * `mutasibank tokens create|list|revoke`. They open the same file and key as `serve` (flags
 * `--db`, `--key-file`, or the environment), so they work while the server runs (SQLite WAL).
 * A new token is printed once; only its hash is kept for lookup.
 */
import { ConfigError, loadConfig, openConfiguredStore, type Store } from '@mutasibank/server';
import type { Command } from 'commander';

interface DbFlags {
  db?: string;
  keyFile?: string;
}

async function withStore<T>(flags: DbFlags, fn: (store: Store) => Promise<T>): Promise<T | undefined> {
  let store: Store | undefined;
  try {
    const config = loadConfig(process.env, flags);
    store = (await openConfiguredStore(config)).store;
    return await fn(store);
  } catch (err) {
    const msg =
      err instanceof ConfigError || err instanceof CliError
        ? err.message
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(`mutasibank: ${msg}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
    return undefined;
  } finally {
    await store?.close();
  }
}

/** A user-caused failure: message printed, exit code set, no stack. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

async function findUser(store: Store, ref: string) {
  const user = /^\d+$/.test(ref) ? await store.users.get(Number(ref)) : await store.users.findByEmail(ref);
  if (!user)
    throw new CliError(
      `no user ${JSON.stringify(ref)} (give a user id or email; see: mutasibank users list)`,
    );
  return user;
}

function dbOptions(cmd: Command): Command {
  return cmd
    .option('--db <file>', 'SQLite database file')
    .option('--key-file <file>', 'key file for secrets at rest');
}

/** Registers `users` and `tokens`. */
export function registerAdmin(program: Command): void {
  const users = program.command('users').description('Manage users of a local server database');
  dbOptions(users.command('create'))
    .description('Create a user and print its first API token')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--email <email>', 'email (unique)')
    .action(async (flags: DbFlags & { name: string; email: string }) => {
      await withStore(flags, async (store) => {
        const name = flags.name.trim();
        const email = flags.email.trim();
        if (!name) throw new CliError('--name must not be empty');
        if (!/^[^\s@]+@[^\s@]+$/.test(email))
          throw new CliError(`--email ${JSON.stringify(email)} is not an email address`);
        if (await store.users.findByEmail(email))
          throw new CliError(`a user with email ${email} already exists`);
        const user = await store.users.create({ name, email });
        const { token } = await store.users.createToken(user.id, 'default');
        process.stdout.write(
          `created user ${user.id} "${user.name}" <${user.email}>\nAPI token (shown only now): ${token}\n`,
        );
      });
    });
  dbOptions(users.command('list'))
    .description('List users')
    .action(async (flags: DbFlags) => {
      await withStore(flags, async (store) => {
        const rows = await store.db
          .selectFrom('users')
          .select(['id', 'name', 'email', 'saldo'])
          .orderBy('id')
          .execute();
        for (const u of rows) process.stdout.write(`${u.id}\t${u.name}\t${u.email}\tsaldo ${u.saldo}\n`);
      });
    });

  const tokens = program.command('tokens').description('Manage API tokens of a local server database');
  dbOptions(tokens.command('create'))
    .description('Create an API token for a user and print it once')
    .requiredOption('--user <id|email>', 'the user')
    .option('--name <name>', 'label for the token', 'cli')
    .action(async (flags: DbFlags & { user: string; name: string }) => {
      await withStore(flags, async (store) => {
        const user = await findUser(store, flags.user);
        const { id, token } = await store.users.createToken(user.id, flags.name);
        process.stdout.write(`token ${id} for user ${user.id} <${user.email}> (shown only now):\n${token}\n`);
      });
    });
  dbOptions(tokens.command('list'))
    .description("List a user's tokens (prefixes only)")
    .requiredOption('--user <id|email>', 'the user')
    .action(async (flags: DbFlags & { user: string }) => {
      await withStore(flags, async (store) => {
        const user = await findUser(store, flags.user);
        for (const t of await store.users.listTokens(user.id)) {
          const state = t.revoked_at ? 'revoked' : 'active';
          process.stdout.write(`${t.id}\t${t.token_prefix}\t${t.name}\t${state}\n`);
        }
      });
    });
  dbOptions(tokens.command('revoke'))
    .description('Revoke a token by its id (see tokens list)')
    .argument('<id>', 'token id')
    .action(async (id: string, flags: DbFlags) => {
      await withStore(flags, async (store) => {
        if (!/^\d+$/.test(id)) throw new CliError(`token id must be a number, got ${JSON.stringify(id)}`);
        if (!(await store.users.revokeToken(Number(id)))) throw new CliError(`no active token ${id}`);
        process.stdout.write(`revoked token ${id}\n`);
      });
    });
}
