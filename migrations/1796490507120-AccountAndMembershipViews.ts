import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Views that other modules' SQL reads instead of the owners' tables, as `org_people` (migration
 * OrgPeopleView):
 * - `org_accounts` (org): what a token check needs of an account, its status, roles, locale and
 *   when its password last changed; never the hash or the login counters. For auth's guard lookup
 *   and the statements that check the account themselves (ACCOUNT_STILL_VALID_SQL).
 * - `association_memberships` (associations): who is a member of which association, with their
 *   status and role. For elections: who may vote and stand, the roll it freezes, "my elections".
 * - `association_names` (associations): an association's names, for the elections list.
 * They are the contract: the tables may change behind them. Plain views, so PostgreSQL inlines them
 * and plans stay what they were against the tables (the ballot and the guard are hot paths).
 * Written by hand: entities cannot say them.
 */
export class AccountAndMembershipViews1796490507120 implements MigrationInterface {
  name = 'AccountAndMembershipViews1796490507120';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE VIEW org_accounts AS
SELECT id, username, roles, locale, status, password_changed_at, must_change_password FROM users`);
    await queryRunner.query(`
CREATE VIEW association_memberships AS
SELECT id, association_id, user_id, status, role FROM association_members`);
    await queryRunner.query(`
CREATE VIEW association_names AS
SELECT id, name, name_km FROM associations`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW association_names`);
    await queryRunner.query(`DROP VIEW association_memberships`);
    await queryRunner.query(`DROP VIEW org_accounts`);
  }
}
