import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPROVALS_ACTED_BEFORE } from '../src/approvals/sql/approvals-acted-before.sql.js';
import { applySqlFunction } from '../src/database/sql-function.js';

/**
 * `approvals_acted_before` reads the approvers' names from the org module's view `org_people`
 * rather than its `users` table (the same columns, so no request's cached list changes).
 */
export class ActedBeforeReadsOrgPeople1796490507119 implements MigrationInterface {
  name = 'ActedBeforeReadsOrgPeople1796490507119';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await applySqlFunction(queryRunner, APPROVALS_ACTED_BEFORE, '6fb197f61538');
  }

  public async down(): Promise<void> {
    // The older text read `users` directly, with the same result: nothing to undo.
  }
}
