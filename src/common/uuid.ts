const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The same test for SQL, a POSIX pattern for `~*`: a text column or JSON value is cast to `uuid`
 * only when it matches (`CASE WHEN x ~* <this> THEN x::uuid END`), as a cast of anything else fails.
 */
export const UUID_SQL_PATTERN = UUID.source;

/**
 * True for the text form PostgreSQL's `uuid` type reads (any version). Checked before a value from
 * outside (a job payload, a cursor, a token claim, a CSV cell) reaches a `uuid` parameter, so a bad
 * one is refused plainly instead of failing the statement.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
