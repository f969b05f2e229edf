/**
 * @module store/categories
 * Mutation categories of a user (`name` in the database, `category` in list responses).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { CategoryRow, Database } from './schema.js';

/** Fields a category update may set. */
export interface CategoryFields {
  name?: string;
  type?: 'CR' | 'DB';
  description?: string | null;
}

/** Categories repository. */
export class CategoriesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async list(userId: number): Promise<CategoryRow[]> {
    return this.db.selectFrom('categories').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  }

  async get(userId: number, id: number): Promise<CategoryRow | undefined> {
    return this.db
      .selectFrom('categories')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async create(
    userId: number,
    input: { name: string; type: 'CR' | 'DB'; description?: string | null },
  ): Promise<CategoryRow> {
    const now = this.clock.now();
    return this.db
      .insertInto('categories')
      .values({
        user_id: userId,
        name: input.name,
        type: input.type,
        description: input.description ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async update(userId: number, id: number, fields: CategoryFields): Promise<boolean> {
    const r = await this.db
      .updateTable('categories')
      .set({ ...fields, updated_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(userId: number, id: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('categories')
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
