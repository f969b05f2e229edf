/**
 * @module store/unique-violation
 * Recognises a unique-constraint violation from either driver, for the few places where a lost
 * race surfaces as one (two concurrent settlements of one mutation on PostgreSQL) and the caller
 * should answer 409 rather than 500.
 */

/** Whether `err` is a unique (or primary key) violation from better-sqlite3 or pg. */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object' || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  // pg: SQLSTATE 23505 unique_violation. better-sqlite3: extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
