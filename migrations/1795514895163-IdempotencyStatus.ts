import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyStatus1795514895163 implements MigrationInterface {
  name = 'IdempotencyStatus1795514895163';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_records" ADD "status" text NOT NULL DEFAULT 'pending'`);
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "status_code" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "body" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "body" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "status_code" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_records" DROP COLUMN "status"`);
  }
}
