import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `org_people`: the org module's public view of its users, for other modules' SQL (a join for a
 * name, a locale, an e-mail address or whether the account is disabled). It leaves out what only
 * the org and auth modules read (password hash, login counters, roles), and it is the contract:
 * the `users` table may change behind it. A plain view, so PostgreSQL inlines it and plans stay
 * what they were against the table. Written by hand: entities cannot say it.
 */
export class OrgPeopleView1796290000000 implements MigrationInterface {
  name = 'OrgPeopleView1796290000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE VIEW org_people AS
SELECT id, username, full_name, full_name_km, email, locale, status, org_unit_id FROM users`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW org_people`);
  }
}
