import { createHash, randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gives every election open for voting that has no lot seed yet a seed and its commitment (as its
 * opening would have). Runs again harmlessly: an election with a seed or a commitment is skipped.
 */
export async function commitLotSeedsOfOpenElections(queryRunner: QueryRunner): Promise<void> {
  const open = (await queryRunner.query(
    `SELECT e.id FROM elections e
      WHERE e.status = 'voting' AND e.lot_commitment IS NULL
        AND NOT EXISTS (SELECT 1 FROM election_lot_seeds s WHERE s.election_id = e.id)
      FOR UPDATE OF e`,
  )) as { id: string }[];
  for (const { id } of open) {
    const seed = randomBytes(32).toString('hex');
    await queryRunner.query(`INSERT INTO election_lot_seeds (election_id, seed) VALUES ($1, $2)`, [id, seed]);
    await queryRunner.query(`UPDATE elections SET lot_commitment = $2 WHERE id = $1`, [
      id,
      createHash('sha256').update(seed, 'utf8').digest('hex'),
    ]);
  }
}

/**
 * Generated (the table and the column), with a backfill by hand: elections in `voting` when this
 * runs get their lot seed and commitment now, as their opening would have drawn them (no ballot is
 * published before closing, so no tie is known yet). Elections that are already closed keep none:
 * their tie-break draws a fresh server seed, once, and publishes it with `lotCommitment: null`
 * (src/elections/README.md). Later ones get theirs when voting opens.
 */
export class ElectionLotCommitment1796273376933 implements MigrationInterface {
  name = 'ElectionLotCommitment1796273376933';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "election_lot_seeds" ("election_id" uuid NOT NULL, "seed" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4696858b46e15fe251f00bb17f0" PRIMARY KEY ("election_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "elections" ADD "lot_commitment" text`);
    await queryRunner.query(
      `ALTER TABLE "election_lot_seeds" ADD CONSTRAINT "FK_4696858b46e15fe251f00bb17f0" FOREIGN KEY ("election_id") REFERENCES "elections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await commitLotSeedsOfOpenElections(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "election_lot_seeds" DROP CONSTRAINT "FK_4696858b46e15fe251f00bb17f0"`,
    );
    await queryRunner.query(`ALTER TABLE "elections" DROP COLUMN "lot_commitment"`);
    await queryRunner.query(`DROP TABLE "election_lot_seeds"`);
  }
}
