import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingErrataPdfActionAgenda1796283266805 implements MigrationInterface {
  name = 'MeetingErrataPdfActionAgenda1796283266805';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "action_items" ADD "agenda_item_id" uuid`);
    await queryRunner.query(`ALTER TABLE "minutes_errata" ADD "pdf_file_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "minutes_errata" DROP COLUMN "pdf_file_id"`);
    await queryRunner.query(`ALTER TABLE "action_items" DROP COLUMN "agenda_item_id"`);
  }
}
