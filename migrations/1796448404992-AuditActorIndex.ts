import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated. An index for an admin's "what did this person do" (GET /audit?actorId=, newest
 * first); entries of the system (no actor) stay out of it. Built in the migration's transaction, so
 * appends to the log wait while it builds: seconds for a few million entries.
 */
export class AuditActorIndex1796448404992 implements MigrationInterface {
  name = 'AuditActorIndex1796448404992';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "audit_log_actor_idx" ON "audit_log"  ("actor_id", "id") WHERE actor_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."audit_log_actor_idx"`);
  }
}
