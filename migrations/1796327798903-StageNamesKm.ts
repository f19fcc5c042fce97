import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPROVALS_ACTED_BEFORE } from '../src/approvals/sql/approvals-acted-before.sql.js';
import { applySqlFunction } from '../src/database/sql-function.js';

/**
 * Generated (the two columns), then by hand: `approvals_acted_before` gives each decision its
 * stage's Khmer name too (`stageKm`). The requests' cached `acted_before` need no rebuild: no stage
 * has a Khmer name before this migration.
 */
export class StageNamesKm1796327798903 implements MigrationInterface {
  name = 'StageNamesKm1796327798903';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workflow_templates" ADD "name_km" text`);
    await queryRunner.query(`ALTER TABLE "approval_stages" ADD "name_km" text`);
    await applySqlFunction(queryRunner, APPROVALS_ACTED_BEFORE, '788b253b9135');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "approval_stages" DROP COLUMN "name_km"`);
    await queryRunner.query(`ALTER TABLE "workflow_templates" DROP COLUMN "name_km"`);
  }
}
