import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';

/**
 * The source of one database function: a `src/<module>/sql/<function-name>.sql.ts` file of the
 * module that owns it exports one of these (src/database/README.md, "Database functions"). It is
 * the function's current definition: migrations apply it (`applySqlFunction`), none restates or
 * edits its text, and a test (test/platform/function-drift.int-spec.ts) fails when the migrated
 * database differs from it.
 */
export interface SqlFunction {
  /** Name and argument types as PostgreSQL prints a `regprocedure`: `approvals_lock_task(uuid,uuid)`. */
  readonly signature: string;
  /**
   * Re-runnable SQL: one `CREATE OR REPLACE FUNCTION`, then what belongs to the function alone: the
   * triggers that run it (`CREATE OR REPLACE TRIGGER`) and its grants (`REVOKE ... FROM PUBLIC`).
   */
  readonly sql: string;
}

export function sqlFunction(signature: string, sql: string): SqlFunction {
  return Object.freeze({ signature, sql });
}

export function isSqlFunction(value: unknown): value is SqlFunction {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SqlFunction).signature === 'string' &&
    typeof (value as SqlFunction).sql === 'string'
  );
}

/** The version of a function's text: the first 12 hex digits of the SHA-256 of `sql`. */
export function sqlFunctionVersion(fn: SqlFunction): string {
  return createHash('sha256').update(fn.sql, 'utf8').digest('hex').slice(0, 12);
}

/**
 * Creates or replaces the function (with its triggers and grants) from its source, in the
 * migration's transaction: one simple-protocol query, the file's statements in order.
 *
 * `version` is the `sqlFunctionVersion` of the text the migration was written for. The newest
 * migration that applies a function must name its file's current version (the function-drift test
 * checks it), so an edited file cannot ship without a migration that applies it to the databases
 * already migrated. The text applied is always the file's current one: on a database built from
 * empty, every migration that applies a file applies its newest text (src/database/README.md).
 */
export async function applySqlFunction(
  queryRunner: Pick<QueryRunner, 'query'>,
  fn: SqlFunction,
  version: string,
): Promise<void> {
  if (!/^[0-9a-f]{12}$/.test(version))
    throw new Error(`${fn.signature}: "${version}" is not a function version`);
  await queryRunner.query(fn.sql);
}
