import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated. Accounts that exist keep working as they do (false): only passwords an administrator
 * sets from now on (a new account, a reset) must be replaced by their owner at first sign-in.
 */
export class MustChangePassword1796436370817 implements MigrationInterface {
  name = 'MustChangePassword1796436370817';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
  }
}
