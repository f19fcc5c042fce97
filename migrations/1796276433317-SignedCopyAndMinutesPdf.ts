import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SignedCopyAndMinutesPdf1796276433317 implements MigrationInterface {
  name = 'SignedCopyAndMinutesPdf1796276433317';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_signatures" ADD "signed_copy_file_id" uuid`);
    await queryRunner.query(`ALTER TABLE "document_signatures" ADD "signed_copy_sha256" text`);
    await queryRunner.query(
      `ALTER TABLE "document_signatures" ADD "signed_copy_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "meetings" ADD "minutes_pdf_file_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "minutes_pdf_file_id"`);
    await queryRunner.query(`ALTER TABLE "document_signatures" DROP COLUMN "signed_copy_at"`);
    await queryRunner.query(`ALTER TABLE "document_signatures" DROP COLUMN "signed_copy_sha256"`);
    await queryRunner.query(`ALTER TABLE "document_signatures" DROP COLUMN "signed_copy_file_id"`);
  }
}
