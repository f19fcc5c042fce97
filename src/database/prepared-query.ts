import type { EntityManager } from 'typeorm';

interface PgQueryable {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * A hot statement as a named (prepared) statement: PostgreSQL parses and plans it once per
 * connection instead of on every call (about half the cost of the short statements on the decision
 * and job paths). Runs on the connection of `em`'s transaction, or on one from the pool when `em`
 * has none. `name` must always stand for the same `text` (the driver refuses a name reused with
 * another text). Returns the rows (also of UPDATE/INSERT ... RETURNING). Errors are the driver's
 * (`pgErrorCode` reads both kinds).
 */
export async function preparedQuery<T>(
  em: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = em.queryRunner;
  const target: PgQueryable =
    runner && !runner.isReleased
      ? ((await runner.connect()) as PgQueryable)
      : (em.connection.driver as unknown as { master: PgQueryable }).master;
  return (await target.query({ name, text, values })).rows as T[];
}
