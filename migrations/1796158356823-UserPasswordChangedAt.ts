import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserPasswordChangedAt1796158356823 implements MigrationInterface {
  name = 'UserPasswordChangedAt1796158356823';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at"`);
  }
}
