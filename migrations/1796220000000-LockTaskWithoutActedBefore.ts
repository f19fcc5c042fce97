import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (entities cannot say it): `approvals_lock_task` returns the request without
 * `acted_before`, which the decision never reads (the column is the inbox's, kept by triggers since
 * migration ActedBefore); it grows with every signer and went to the API on every decision.
 * The function of migration LockTaskCallerFirst is changed in that one select, read back from the
 * database and written again, so its body is not restated here; a definition that does not have
 * the select stops the migration.
 *
 * History only: this string replace is how production got the function, so it stays; it is not the
 * way to change a function any more. The current definition is src/approvals/sql/approvals-lock-task.sql.ts
 * (migration FunctionsFromSourceFiles applies it); a change edits that file and adds a migration
 * that applies it again (src/database/README.md, "Database functions").
 */
const FUNCTION = 'approvals_lock_task(uuid, uuid)';
const WITH = 'SELECT to_jsonb(r) INTO request';
const WITHOUT = "SELECT to_jsonb(r) - 'acted_before' INTO request";

async function replaceInFunction(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
  const [{ def }] = (await queryRunner.query(`SELECT pg_get_functiondef($1::regprocedure) AS def`, [
    FUNCTION,
  ])) as { def: string }[];
  if (def.split(from).length !== 2) {
    throw new Error(`${FUNCTION} does not have exactly one "${from}"; not changed`);
  }
  await queryRunner.query(def.replace(from, to));
}

export class LockTaskWithoutActedBefore1796220000000 implements MigrationInterface {
  name = 'LockTaskWithoutActedBefore1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await replaceInFunction(queryRunner, WITH, WITHOUT);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await replaceInFunction(queryRunner, WITHOUT, WITH);
  }
}
