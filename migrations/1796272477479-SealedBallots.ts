import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SealedBallots1796272477479 implements MigrationInterface {
  name = 'SealedBallots1796272477479';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "election_sealed_ballots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "election_id" uuid NOT NULL, "sealed" bytea NOT NULL, CONSTRAINT "PK_5f6dd1ff755f1c925d449b911f6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "election_sealed_ballots_election_idx" ON "election_sealed_ballots"  ("election_id") `,
    );
    await queryRunner.query(`ALTER TABLE "election_ballots" DROP COLUMN "created_on"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "election_ballots" ADD "created_on" date NOT NULL DEFAULT ('now'::text)::date`,
    );
    await queryRunner.query(`DROP INDEX "public"."election_sealed_ballots_election_idx"`);
    await queryRunner.query(`DROP TABLE "election_sealed_ballots"`);
  }
}
