import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPROVALS_ACTED_BEFORE } from '../src/approvals/sql/approvals-acted-before.sql.js';
import { APPROVALS_LOCK_TASK } from '../src/approvals/sql/approvals-lock-task.sql.js';
import { APPROVALS_REFRESH_ACTED_BEFORE } from '../src/approvals/sql/approvals-refresh-acted-before.sql.js';
import { AUDIT_APPEND } from '../src/audit/sql/audit-append.sql.js';
import { AUDIT_CANONICAL_JSON } from '../src/audit/sql/audit-canonical-json.sql.js';
import { AUDIT_ENTRY_HASH } from '../src/audit/sql/audit-entry-hash.sql.js';
import { AUDIT_LOG_REFUSE_CHANGE } from '../src/audit/sql/audit-log-refuse-change.sql.js';
import { AUDIT_REFUSE_CHANGE } from '../src/audit/sql/audit-refuse-change.sql.js';
import { applySqlFunction } from '../src/database/sql-function.js';
import { MWF_REFUSE } from '../src/database/sql/mwf-refuse.sql.js';
import { ELECTION_CAST_SEALED } from '../src/elections/sql/election-cast-sealed.sql.js';

/**
 * Written by hand: every database function and trigger now has its source file
 * (`src/<module>/sql/<function-name>.sql.ts`, src/database/README.md "Database functions"), and this
 * migration applies them all from there. The files hold exactly the definitions the earlier
 * migrations left (LockTaskWithoutActedBefore's string replace in `approvals_lock_task` included),
 * so on a database those migrations built nothing changes; from now on a function changes by its
 * file and a new migration that applies the file again.
 *
 * Order: a LANGUAGE sql function's body is checked when it is created, so what it calls comes first
 * (`audit_canonical_json` before `audit_entry_hash`).
 */
export class FunctionsFromSourceFiles1796313869255 implements MigrationInterface {
  name = 'FunctionsFromSourceFiles1796313869255';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await applySqlFunction(queryRunner, MWF_REFUSE, '78c7a8977ba9');
    await applySqlFunction(queryRunner, AUDIT_LOG_REFUSE_CHANGE, 'd11aaf6c2006');
    await applySqlFunction(queryRunner, AUDIT_REFUSE_CHANGE, '0ac803f6a5e6');
    await applySqlFunction(queryRunner, AUDIT_CANONICAL_JSON, 'b27a777c5c0f');
    await applySqlFunction(queryRunner, AUDIT_ENTRY_HASH, 'e963b53901b1');
    await applySqlFunction(queryRunner, AUDIT_APPEND, '9154c1b969b6');
    await applySqlFunction(queryRunner, APPROVALS_ACTED_BEFORE, '3c8dae3df615');
    await applySqlFunction(queryRunner, APPROVALS_REFRESH_ACTED_BEFORE, '635af36c548d');
    await applySqlFunction(queryRunner, APPROVALS_LOCK_TASK, '59bfe9031068');
    await applySqlFunction(queryRunner, ELECTION_CAST_SEALED, '049be9ad88af');
  }

  public async down(): Promise<void> {
    // Nothing to undo: `up` re-applied the definitions the database already had.
  }
}
