/**
 * @module bootstrap
 * First start on an empty database: create the first user and its API token, so the server is
 * usable without any other set-up. The token is returned to be printed once; it is never logged.
 */
import { ConfigError } from './config.js';
import { checkSuppliedToken } from './security/api-tokens.js';
import type { Store } from './store/store.js';

/** The first user, when this start created one. */
export interface BootstrapResult {
  userId: number;
  name: string;
  email: string;
  token: string;
}

/** Creates the first user when there is none; returns undefined on a database that has users. */
export async function bootstrapFirstUser(
  store: Store,
  input: { name: string; email: string; token?: string | undefined },
): Promise<BootstrapResult | undefined> {
  if ((await store.users.count()) > 0) return undefined;
  if (input.token !== undefined) {
    const problem = checkSuppliedToken(input.token);
    if (problem) throw new ConfigError(`MUTASIBANK_BOOTSTRAP_TOKEN ${problem}`);
  }
  const user = await store.users.create({ name: input.name, email: input.email });
  const { token } = await store.users.createToken(user.id, 'bootstrap', input.token);
  return { userId: user.id, name: user.name, email: user.email, token };
}
