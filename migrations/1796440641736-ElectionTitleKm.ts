import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated. An election's title in Khmer beside its title (until now one field held either, or
 * both run together); existing elections keep theirs as it is, for every reader.
 */
export class ElectionTitleKm1796440641736 implements MigrationInterface {
  name = 'ElectionTitleKm1796440641736';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "elections" ADD "title_km" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "elections" DROP COLUMN "title_km"`);
  }
}
