import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentRevocation1796285000104 implements MigrationInterface {
  name = 'DocumentRevocation1796285000104';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "documents" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "revoked_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "revocation_reason" text`);
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_revocation_check" CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_c9ff175acdd2126f5b88c28d78d" FOREIGN KEY ("revoked_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_c9ff175acdd2126f5b88c28d78d"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_revocation_check"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "revocation_reason"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "revoked_by_id"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "revoked_at"`);
  }
}
