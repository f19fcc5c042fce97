import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RefreshTokenReplacedBy1796283241751 implements MigrationInterface {
  name = 'RefreshTokenReplacedBy1796283241751';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "replaced_by_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "replaced_by_id"`);
  }
}
