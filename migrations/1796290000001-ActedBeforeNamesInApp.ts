import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The approvals module's trigger on the org module's `users` table goes: a rename now rebuilds the
 * acted-before lists through `UserRenames` (src/org/user-renames.ts), which approvals listens to
 * (src/approvals/acted-before-names.ts), in the renaming transaction as before.
 */
export class ActedBeforeNamesInApp1796290000001 implements MigrationInterface {
  name = 'ActedBeforeNamesInApp1796290000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_acted_before_names ON users`);
    await queryRunner.query(`DROP FUNCTION approvals_refresh_acted_before_of_user()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE FUNCTION approvals_refresh_acted_before_of_user() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE approval_requests r SET acted_before = approvals_acted_before(r.id)
   WHERE r.id IN (SELECT t.request_id FROM approval_tasks t
                   WHERE t.assignee_id = NEW.id AND t.status IN ('approved', 'returned', 'rejected'));
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE TRIGGER users_acted_before_names AFTER UPDATE OF full_name, full_name_km ON users
FOR EACH ROW WHEN ((OLD.full_name, OLD.full_name_km) IS DISTINCT FROM (NEW.full_name, NEW.full_name_km))
EXECUTE FUNCTION approvals_refresh_acted_before_of_user()`);
  }
}
