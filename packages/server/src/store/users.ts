/**
 * @module store/users
 * Users (tenants) and their API tokens.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { generateApiToken, hashApiToken, tokenDisplayPrefix } from '../security/api-tokens.js';
import type { SecretBox } from '../security/secret-box.js';
import type { ApiTokenRow, Database, UserRow } from './schema.js';

/** A token as listed (never the token itself). */
export type TokenListing = Pick<
  ApiTokenRow,
  'id' | 'name' | 'token_prefix' | 'created_at' | 'last_used_at' | 'revoked_at'
>;

/** Users and tokens. */
export class UsersRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** Number of users; 0 means a fresh database that needs its first user. */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(input: { name: string; email: string }): Promise<UserRow> {
    return this.db
      .insertInto('users')
      .values({ name: input.name, email: input.email.toLowerCase(), saldo: 0, created_at: this.clock.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async get(id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  /** Adds to (or, negative, takes from) a user's saldo. */
  async addSaldo(db: Kysely<Database>, userId: number, amount: number): Promise<void> {
    await db
      .updateTable('users')
      .set((eb) => ({ saldo: eb('saldo', '+', amount) }))
      .where('id', '=', userId)
      .execute();
  }

  /**
   * Creates a token for a user and returns it; this is the only time it exists in clear outside
   * the sealed copy used for webhook bodies. `token` lets an operator choose it (bootstrap).
   */
  async createToken(
    userId: number,
    name: string,
    token: string = generateApiToken(),
  ): Promise<{ id: number; token: string }> {
    const row = await this.db
      .insertInto('api_tokens')
      .values({
        user_id: userId,
        name,
        token_hash: hashApiToken(token),
        token_sealed: this.box.seal(token, 'api-token'),
        token_prefix: tokenDisplayPrefix(token),
        created_at: this.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, token };
  }

  /** The user a token belongs to, when the token exists and is not revoked. */
  async authenticate(token: string): Promise<UserRow | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('users')
      .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
      .where('api_tokens.token_hash', '=', hashApiToken(token))
      .where('api_tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const now = this.clock.now();
    // Bounded write amplification: last_used_at is refreshed at most once a minute per token.
    if (row.last_used_at === null || now - row.last_used_at > 60_000) {
      await this.db
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', row.token_id)
        .execute();
    }
    const { token_id: _t, last_used_at: _l, ...user } = row;
    return user;
  }

  async listTokens(userId: number): Promise<TokenListing[]> {
    return this.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'token_prefix', 'created_at', 'last_used_at', 'revoked_at'])
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();
  }

  /** Revokes a token by id; returns false when there is no such active token. */
  async revokeToken(tokenId: number): Promise<boolean> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * The token that webhook bodies carry as `api_key`: the user's oldest active token (for a fresh
   * install, the one printed at first start). Undefined when all are revoked.
   */
  async webhookApiKey(db: Kysely<Database>, userId: number): Promise<string | undefined> {
    const row = await db
      .selectFrom('api_tokens')
      .select('token_sealed')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row ? this.box.open(row.token_sealed, 'api-token') : undefined;
  }
}
