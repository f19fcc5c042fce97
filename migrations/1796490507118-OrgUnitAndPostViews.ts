import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The org module's public views of its units and posts, for other modules' SQL, as `org_people` is
 * of its users (migration OrgPeopleView): `org_unit_names` (a unit's code and names, for the
 * issuing unit of a document and a member's unit in an association's list) and `org_current_posts`
 * (the posts held today, both dates inclusive, for the post titles approvals shows and stores).
 * They are the contract: the tables may change behind them. Plain views, so PostgreSQL inlines them
 * and plans stay what they were against the tables. Written by hand: entities cannot say them.
 */
export class OrgUnitAndPostViews1796490507118 implements MigrationInterface {
  name = 'OrgUnitAndPostViews1796490507118';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE VIEW org_unit_names AS
SELECT id, code, name, name_km FROM org_units`);
    await queryRunner.query(`
CREATE VIEW org_current_posts AS
SELECT id, org_unit_id, user_id, kind, title, title_km, created_at FROM org_posts
 WHERE (valid_from IS NULL OR valid_from <= current_date) AND (valid_to IS NULL OR valid_to >= current_date)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW org_current_posts`);
    await queryRunner.query(`DROP VIEW org_unit_names`);
  }
}
