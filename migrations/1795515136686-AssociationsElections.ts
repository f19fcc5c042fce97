import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AssociationsElections1795515136686 implements MigrationInterface {
  name = 'AssociationsElections1795515136686';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "associations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "name_km" text, "founded_on" date, "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_409f7d0389b44b03f8b0767ce0c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "association_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "association_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" text NOT NULL, "member_no" text, "joined_on" date, "role" text NOT NULL DEFAULT 'member', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "association_members_role_check" CHECK (role IN ('member', 'committee', 'admin')), CONSTRAINT "association_members_status_check" CHECK (status IN ('active', 'retired')), CONSTRAINT "PK_722b57caac582161586cab3d38f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "association_members_user_idx" ON "association_members"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "association_members_association_member_no_key" ON "association_members"  ("association_id", "member_no") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "association_members_association_user_key" ON "association_members"  ("association_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "association_terms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "association_id" uuid NOT NULL, "number" integer NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "board_seats" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "association_terms_dates_check" CHECK (ends_on >= starts_on AND board_seats > 0), CONSTRAINT "PK_1088bbadc432af1fba52bcf64e3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "association_terms_association_number_key" ON "association_terms"  ("association_id", "number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "board_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "term_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "substitute_rank" integer, "election_id" uuid, "votes" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "board_members_role_check" CHECK ((role IN ('president', 'vice_president', 'treasurer', 'secretary', 'member') AND substitute_rank IS NULL) OR (role = 'substitute' AND substitute_rank >= 1)), CONSTRAINT "PK_6994cea1393b5fa3a0dd827a9f7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "board_members_term_user_key" ON "board_members"  ("term_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "elections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "association_id" uuid NOT NULL, "term_id" uuid NOT NULL, "parent_election_id" uuid, "title" text NOT NULL, "seats" integer NOT NULL, "max_choices" integer NOT NULL, "eligible_statuses" text array NOT NULL DEFAULT '{active}', "nominations_open_at" TIMESTAMP WITH TIME ZONE, "voting_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "voting_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "quorum_percent" numeric(5,2), "tie_break" text NOT NULL, "status" text NOT NULL DEFAULT 'draft', "voting_opened_at" TIMESTAMP WITH TIME ZONE, "voting_closed_at" TIMESTAMP WITH TIME ZONE, "eligible_count" integer, "results" jsonb, "tallied_at" TIMESTAMP WITH TIME ZONE, "certified_by" uuid, "certified_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" uuid, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "elections_seats_check" CHECK (seats > 0 AND max_choices BETWEEN 1 AND seats AND voting_closes_at > voting_opens_at), CONSTRAINT "elections_tie_break_check" CHECK (tie_break IN ('lot', 'runoff')), CONSTRAINT "elections_status_check" CHECK (status IN ('draft', 'nominations', 'voting', 'closed', 'certified', 'cancelled')), CONSTRAINT "PK_21abca6e4191b830d1eb8379cf0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "elections_one_certified_per_term_key" ON "elections"  ("term_id") WHERE status = 'certified' AND parent_election_id IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "elections_parent_idx" ON "elections"  ("parent_election_id") `);
    await queryRunner.query(`CREATE INDEX "elections_association_idx" ON "elections"  ("association_id") `);
    await queryRunner.query(
      `CREATE TABLE "election_ballots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "election_id" uuid NOT NULL, "receipt" text NOT NULL, "choices" uuid array NOT NULL, "created_on" date NOT NULL DEFAULT ('now'::text)::date, CONSTRAINT "PK_6e9c8edab0b865a11a4ed5f2032" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "election_ballots_election_receipt_key" ON "election_ballots"  ("election_id", "receipt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "election_candidates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "election_id" uuid NOT NULL, "user_id" uuid NOT NULL, "statement" text, "ballot_order" integer, "status" text NOT NULL DEFAULT 'active', "nominated_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "election_candidates_status_check" CHECK (status IN ('active', 'withdrawn')), CONSTRAINT "PK_873d07a56bfd796adef37db6d1b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "election_candidates_election_user_key" ON "election_candidates"  ("election_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "election_voter_roll" ("election_id" uuid NOT NULL, "user_id" uuid NOT NULL, "voted" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_9d8dff2981525c9bd927f265d73" PRIMARY KEY ("election_id", "user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "association_members" ADD CONSTRAINT "FK_14a9791fde0bc1427ce0e0abb61" FOREIGN KEY ("association_id") REFERENCES "associations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "association_members" ADD CONSTRAINT "FK_38e49d0b0fbec599eb789d5f85b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "association_terms" ADD CONSTRAINT "FK_acc0120e3405fc332ad683e5b95" FOREIGN KEY ("association_id") REFERENCES "associations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "board_members" ADD CONSTRAINT "FK_83a859a3108bacd859e33dd8500" FOREIGN KEY ("term_id") REFERENCES "association_terms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "board_members" ADD CONSTRAINT "FK_a9989bac63c51805e59ce91a541" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "elections" ADD CONSTRAINT "FK_e49c73804695c9f700ec1b55c39" FOREIGN KEY ("association_id") REFERENCES "associations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "elections" ADD CONSTRAINT "FK_1272b8bc78ab00838ef520f62d2" FOREIGN KEY ("term_id") REFERENCES "association_terms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "elections" ADD CONSTRAINT "FK_ca3094e85670c3bfebfa1eff341" FOREIGN KEY ("parent_election_id") REFERENCES "elections"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_ballots" ADD CONSTRAINT "FK_b7d2a53b38c824cd9c01b964408" FOREIGN KEY ("election_id") REFERENCES "elections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_candidates" ADD CONSTRAINT "FK_f99bc22be9ea7c5e60a8ffed9ed" FOREIGN KEY ("election_id") REFERENCES "elections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_candidates" ADD CONSTRAINT "FK_9960f0916eae9dbe205bda49426" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_voter_roll" ADD CONSTRAINT "FK_d12555c948040d140cf29a8b01c" FOREIGN KEY ("election_id") REFERENCES "elections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "election_voter_roll" DROP CONSTRAINT "FK_d12555c948040d140cf29a8b01c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_candidates" DROP CONSTRAINT "FK_9960f0916eae9dbe205bda49426"`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_candidates" DROP CONSTRAINT "FK_f99bc22be9ea7c5e60a8ffed9ed"`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_ballots" DROP CONSTRAINT "FK_b7d2a53b38c824cd9c01b964408"`,
    );
    await queryRunner.query(`ALTER TABLE "elections" DROP CONSTRAINT "FK_ca3094e85670c3bfebfa1eff341"`);
    await queryRunner.query(`ALTER TABLE "elections" DROP CONSTRAINT "FK_1272b8bc78ab00838ef520f62d2"`);
    await queryRunner.query(`ALTER TABLE "elections" DROP CONSTRAINT "FK_e49c73804695c9f700ec1b55c39"`);
    await queryRunner.query(`ALTER TABLE "board_members" DROP CONSTRAINT "FK_a9989bac63c51805e59ce91a541"`);
    await queryRunner.query(`ALTER TABLE "board_members" DROP CONSTRAINT "FK_83a859a3108bacd859e33dd8500"`);
    await queryRunner.query(
      `ALTER TABLE "association_terms" DROP CONSTRAINT "FK_acc0120e3405fc332ad683e5b95"`,
    );
    await queryRunner.query(
      `ALTER TABLE "association_members" DROP CONSTRAINT "FK_38e49d0b0fbec599eb789d5f85b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "association_members" DROP CONSTRAINT "FK_14a9791fde0bc1427ce0e0abb61"`,
    );
    await queryRunner.query(`DROP TABLE "election_voter_roll"`);
    await queryRunner.query(`DROP INDEX "public"."election_candidates_election_user_key"`);
    await queryRunner.query(`DROP TABLE "election_candidates"`);
    await queryRunner.query(`DROP INDEX "public"."election_ballots_election_receipt_key"`);
    await queryRunner.query(`DROP TABLE "election_ballots"`);
    await queryRunner.query(`DROP INDEX "public"."elections_association_idx"`);
    await queryRunner.query(`DROP INDEX "public"."elections_parent_idx"`);
    await queryRunner.query(`DROP INDEX "public"."elections_one_certified_per_term_key"`);
    await queryRunner.query(`DROP TABLE "elections"`);
    await queryRunner.query(`DROP INDEX "public"."board_members_term_user_key"`);
    await queryRunner.query(`DROP TABLE "board_members"`);
    await queryRunner.query(`DROP INDEX "public"."association_terms_association_number_key"`);
    await queryRunner.query(`DROP TABLE "association_terms"`);
    await queryRunner.query(`DROP INDEX "public"."association_members_association_user_key"`);
    await queryRunner.query(`DROP INDEX "public"."association_members_association_member_no_key"`);
    await queryRunner.query(`DROP INDEX "public"."association_members_user_idx"`);
    await queryRunner.query(`DROP TABLE "association_members"`);
    await queryRunner.query(`DROP TABLE "associations"`);
  }
}
