/**
 * @module store/migrations
 * Every migration, in name order (ISO date prefix). Run at start by {@link migrateToLatest}.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';
import type { Database } from '../schema.js';
import { initialMigration } from './2026-12-03-initial.js';
import { outboxMigration } from './2026-12-04-outbox.js';
import { invoicesMigration } from './2026-12-05-invoices.js';

function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '2026-12-03-initial': initialMigration(dialect),
    '2026-12-04-outbox': outboxMigration(dialect),
    '2026-12-05-invoices': invoicesMigration(dialect),
  };
}

/**
 * Brings the schema up to date. Kysely's migrator takes a lock, so two processes starting on one
 * database at once run each migration once. Throws with the failing migration's name.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: DialectName,
  schema?: string,
): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // Unless told the schema, Kysely looks for its migration tables in every schema it can see: on
  // a PostgreSQL database where another schema has them (parallel test suites, deployments side
  // by side) it would skip creating its own and then fail with "relation does not exist".
  const migrationTableSchema =
    schema ??
    (dialect === 'postgres'
      ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name
      : undefined);
  const migrator = new Migrator({ db, provider, ...(migrationTableSchema && { migrationTableSchema }) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(
      `database migration failed${where}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
