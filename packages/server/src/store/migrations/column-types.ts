/**
 * @module store/migrations/column-types
 * The two column spellings that differ between dialects, shared by every migration: an integer
 * identity primary key, and the type of epoch-millisecond and money columns (64-bit).
 */
import type { ColumnDataType, ColumnDefinitionBuilder } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';

type Col = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

/** `addColumn('id', ...identityColumn(dialect))`. */
export function identityColumn(dialect: DialectName): [ColumnDataType, Col] {
  return dialect === 'postgres'
    ? ['integer', (c) => c.primaryKey().generatedByDefaultAsIdentity()]
    : ['integer', (c) => c.primaryKey().autoIncrement()];
}

/** Epoch milliseconds and rupiah overflow 32 bits; SQLite integers are 64-bit already. */
export function bigIntegerType(dialect: DialectName): ColumnDataType {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}
