import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionEndReason1796512364516 implements MigrationInterface {
  name = 'SessionEndReason1796512364516';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_sessions" ADD "revoked_reason" character varying(20)`);
    await queryRunner.query(
      `ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_revoked_reason_check" CHECK (revoked_reason IN ('logout', 'password_changed', 'disabled', 'reused'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "auth_sessions" DROP CONSTRAINT "auth_sessions_revoked_reason_check"`,
    );
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP COLUMN "revoked_reason"`);
  }
}
