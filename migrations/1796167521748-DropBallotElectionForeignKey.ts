import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DropBallotElectionForeignKey1796167521748 implements MigrationInterface {
  name = 'DropBallotElectionForeignKey1796167521748';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "election_ballots" DROP CONSTRAINT "FK_b7d2a53b38c824cd9c01b964408"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "election_ballots" ADD CONSTRAINT "FK_b7d2a53b38c824cd9c01b964408" FOREIGN KEY ("election_id") REFERENCES "elections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
