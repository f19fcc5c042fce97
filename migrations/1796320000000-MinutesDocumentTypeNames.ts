import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: the meetings module's document types, `minutes` and `minutes_erratum`, are made
 * by ApprovalsGateway, not by an admin's template, so nobody gave them names and every page showed
 * the code ("minutes"). They get their names in Khmer and English here, as the demo's types have
 * theirs; names an admin already gave are kept.
 */
export class MinutesDocumentTypeNames1796320000000 implements MigrationInterface {
  name = 'MinutesDocumentTypeNames1796320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO "document_types" ("code", "name_km", "name_en") VALUES
         ('minutes', 'កំណត់ហេតុប្រជុំ', 'Meeting minutes'),
         ('minutes_erratum', 'កំណែតម្រូវកំណត់ហេតុប្រជុំ', 'Minutes erratum')
       ON CONFLICT ("code") DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "document_types" WHERE ("code", "name_km", "name_en") IN (
           ('minutes', 'កំណត់ហេតុប្រជុំ', 'Meeting minutes'),
           ('minutes_erratum', 'កំណែតម្រូវកំណត់ហេតុប្រជុំ', 'Minutes erratum'))`,
    );
  }
}
