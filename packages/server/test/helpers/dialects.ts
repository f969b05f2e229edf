/**
 * @module test/helpers/dialects
 * The databases a store-level suite runs on: SQLite always, PostgreSQL when `PG_URL` is set
 * (`.ci/run` sets it). Each PostgreSQL suite gets its own schema, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

export const PG_URL = process.env.PG_URL;

/** Every dialect, each with whether it can run here and the reason when not. */
export const DIALECTS: ReadonlyArray<{ dialect: TestDialect; skip: boolean; label: string }> = [
  { dialect: 'sqlite', skip: false, label: 'sqlite' },
  {
    dialect: 'postgres',
    skip: !PG_URL,
    label: PG_URL ? 'postgres' : 'postgres (skipped: set PG_URL to run)',
  },
];

/** A fresh schema name and the URL that selects it. */
export function freshPostgresUrl(): { url: string; schema: string } {
  if (!PG_URL) throw new Error('PG_URL is not set');
  const schema = `mb_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return { url: url.toString(), schema };
}

/** Drops a test schema. */
export async function dropPostgresSchema(schema: string): Promise<void> {
  if (!PG_URL) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}
