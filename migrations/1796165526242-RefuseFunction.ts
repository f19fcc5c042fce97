import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (entities cannot say it): `mwf_refuse(code)` raises SQLSTATE MW001 with the
 * message `code`, one of the API's error codes. A statement calls it in a CASE to refuse work and
 * roll back its transaction in the same round trip (the vote's pipeline, src/elections); the
 * caller maps the code to its 4xx answer (src/database/refusal.ts).
 */
export class RefuseFunction1796165526242 implements MigrationInterface {
  name = 'RefuseFunction1796165526242';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE FUNCTION mwf_refuse(p_code text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'MW001', MESSAGE = p_code;
END
$fn$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION mwf_refuse(text)`);
  }
}
