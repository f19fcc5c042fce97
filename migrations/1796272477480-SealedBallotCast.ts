import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ELECTION_CAST_SEALED_SQL } from '../src/elections/sql/election-cast-sealed.sql.js';

/**
 * Written by hand (entities cannot say it): the vote's `election_cast_sealed` function, from its
 * source file. The vote is then one statement through node-postgres's public API, where it was a
 * pipeline driven through the driver's private fields.
 */
export class SealedBallotCast1796272477480 implements MigrationInterface {
  name = 'SealedBallotCast1796272477480';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ELECTION_CAST_SEALED_SQL);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION election_cast_sealed(uuid, uuid, bytea, int)`);
  }
}
