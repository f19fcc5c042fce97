import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkingGroupsMeetings1795515016196 implements MigrationInterface {
  name = 'WorkingGroupsMeetings1795515016196';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "title_km" text, "working_group_id" uuid, "association_id" uuid, "org_unit_id" uuid, "body_key" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE, "location" text, "chair_user_id" uuid NOT NULL, "secretary_user_id" uuid NOT NULL, "quorum_count" integer, "quorum_percent" integer, "status" text NOT NULL DEFAULT 'scheduled', "cancel_reason" text, "minutes_status" text NOT NULL DEFAULT 'none', "minutes_revision" integer NOT NULL DEFAULT '0', "minutes_document_id" uuid, "minutes_submitted_revision" integer, "minutes_verification_code" text, "minutes_approved_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "meetings_one_body_chk" CHECK (num_nonnulls(working_group_id, association_id, org_unit_id) = 1), CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "meetings_starts_idx" ON "meetings"  ("starts_at") `);
    await queryRunner.query(
      `CREATE INDEX "meetings_body_starts_idx" ON "meetings"  ("body_key", "starts_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "action_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "body_key" text NOT NULL, "text" text NOT NULL, "owner_user_id" uuid NOT NULL, "due_on" date NOT NULL, "status" text NOT NULL DEFAULT 'open', "progress_note" text, "last_reminded_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a84b168b001636b379312104ab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "action_items_meeting_idx" ON "action_items"  ("meeting_id") `);
    await queryRunner.query(
      `CREATE INDEX "action_items_owner_status_idx" ON "action_items"  ("owner_user_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "action_items_body_status_idx" ON "action_items"  ("body_key", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "agenda_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "parent_id" uuid, "position" integer NOT NULL, "title" text NOT NULL, "presenter_user_id" uuid, "duration_minutes" integer, CONSTRAINT "PK_7274c40301175b4b4b347820d0c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "agenda_items_meeting_idx" ON "agenda_items"  ("meeting_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "meeting_participants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "user_id" uuid, "name" text, "title" text, "role" text NOT NULL, "attendance" text NOT NULL DEFAULT 'unknown', "position" integer NOT NULL, CONSTRAINT "meeting_participants_who_chk" CHECK (user_id IS NOT NULL OR name IS NOT NULL), CONSTRAINT "PK_994ee66a92de655fb478c038980" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "meeting_participants_user_idx" ON "meeting_participants"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "meeting_participants_meeting_user_key" ON "meeting_participants"  ("meeting_id", "user_id") WHERE user_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "minutes_errata" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "text" text NOT NULL, "status" text NOT NULL DEFAULT 'in_approval', "document_id" uuid, "verification_code" text, "author_id" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c22762b8458348c6c2eb1ea1b06" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "minutes_errata_meeting_idx" ON "minutes_errata"  ("meeting_id") `);
    await queryRunner.query(
      `CREATE TABLE "minutes_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "revision" integer NOT NULL, "content" jsonb NOT NULL, "author_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_52acb3b63c997951fc869981fc7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "minutes_revisions_meeting_revision_key" ON "minutes_revisions"  ("meeting_id", "revision") `,
    );
    await queryRunner.query(
      `CREATE TABLE "working_groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "name_km" text, "purpose" text, "parent_id" uuid, "org_unit_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_95e6a3cace78635e0e7c85ddc98" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "working_groups_parent_id_idx" ON "working_groups"  ("parent_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "progress_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "period" text NOT NULL, "progress_percent" integer NOT NULL, "achievements" text, "challenges" text, "author_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "progress_reports_percent_chk" CHECK (progress_percent BETWEEN 0 AND 100), CONSTRAINT "PK_175179020a43d5ec75ab1d6a04f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "progress_reports_group_period_key" ON "progress_reports"  ("group_id", "period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "addressee_group_id" uuid NOT NULL, "text" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "response" text, "responded_by_id" uuid, "responded_at" TIMESTAMP WITH TIME ZONE, "raised_to_group_id" uuid, "raised_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85ea1b338c4669892e21725c212" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_requests_report_id_idx" ON "report_requests"  ("report_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "report_requests_addressee_idx" ON "report_requests"  ("addressee_group_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "working_group_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_79c2082b2ac58b4cd21a155503d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "working_group_members_user_id_idx" ON "working_group_members"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "working_group_members_group_user_idx" ON "working_group_members"  ("group_id", "user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "action_items" ADD CONSTRAINT "FK_8f5712e4d1a50ebf15896257021" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_items" ADD CONSTRAINT "FK_c58f166b8bff4fd19c5353cd310" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_items" ADD CONSTRAINT "FK_b4f22d1d552a0b7cb90b845b81e" FOREIGN KEY ("parent_id") REFERENCES "agenda_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_participants" ADD CONSTRAINT "FK_4d2e803caeb25541cc89f2efa5b" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "minutes_errata" ADD CONSTRAINT "FK_cfc70712a7db15a1409c9be3976" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "minutes_revisions" ADD CONSTRAINT "FK_9ff5051926bb8236f2c25be4331" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "working_groups" ADD CONSTRAINT "FK_40cc50cda8a0969226c44588f62" FOREIGN KEY ("parent_id") REFERENCES "working_groups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "working_groups" ADD CONSTRAINT "FK_1937946344f5635ef8225b342c1" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "progress_reports" ADD CONSTRAINT "FK_f8b4cbf86b31e96a715d91f6896" FOREIGN KEY ("group_id") REFERENCES "working_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_requests" ADD CONSTRAINT "FK_7a0b22a534cea4062da12ab2b37" FOREIGN KEY ("report_id") REFERENCES "progress_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "working_group_members" ADD CONSTRAINT "FK_fd1d6c718285b753be713999c55" FOREIGN KEY ("group_id") REFERENCES "working_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "working_group_members" ADD CONSTRAINT "FK_a6de5a231b8137782e48fab9d41" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "working_group_members" DROP CONSTRAINT "FK_a6de5a231b8137782e48fab9d41"`,
    );
    await queryRunner.query(
      `ALTER TABLE "working_group_members" DROP CONSTRAINT "FK_fd1d6c718285b753be713999c55"`,
    );
    await queryRunner.query(`ALTER TABLE "report_requests" DROP CONSTRAINT "FK_7a0b22a534cea4062da12ab2b37"`);
    await queryRunner.query(
      `ALTER TABLE "progress_reports" DROP CONSTRAINT "FK_f8b4cbf86b31e96a715d91f6896"`,
    );
    await queryRunner.query(`ALTER TABLE "working_groups" DROP CONSTRAINT "FK_1937946344f5635ef8225b342c1"`);
    await queryRunner.query(`ALTER TABLE "working_groups" DROP CONSTRAINT "FK_40cc50cda8a0969226c44588f62"`);
    await queryRunner.query(
      `ALTER TABLE "minutes_revisions" DROP CONSTRAINT "FK_9ff5051926bb8236f2c25be4331"`,
    );
    await queryRunner.query(`ALTER TABLE "minutes_errata" DROP CONSTRAINT "FK_cfc70712a7db15a1409c9be3976"`);
    await queryRunner.query(
      `ALTER TABLE "meeting_participants" DROP CONSTRAINT "FK_4d2e803caeb25541cc89f2efa5b"`,
    );
    await queryRunner.query(`ALTER TABLE "agenda_items" DROP CONSTRAINT "FK_b4f22d1d552a0b7cb90b845b81e"`);
    await queryRunner.query(`ALTER TABLE "agenda_items" DROP CONSTRAINT "FK_c58f166b8bff4fd19c5353cd310"`);
    await queryRunner.query(`ALTER TABLE "action_items" DROP CONSTRAINT "FK_8f5712e4d1a50ebf15896257021"`);
    await queryRunner.query(`DROP INDEX "public"."working_group_members_group_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."working_group_members_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "working_group_members"`);
    await queryRunner.query(`DROP INDEX "public"."report_requests_addressee_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_requests_report_id_idx"`);
    await queryRunner.query(`DROP TABLE "report_requests"`);
    await queryRunner.query(`DROP INDEX "public"."progress_reports_group_period_key"`);
    await queryRunner.query(`DROP TABLE "progress_reports"`);
    await queryRunner.query(`DROP INDEX "public"."working_groups_parent_id_idx"`);
    await queryRunner.query(`DROP TABLE "working_groups"`);
    await queryRunner.query(`DROP INDEX "public"."minutes_revisions_meeting_revision_key"`);
    await queryRunner.query(`DROP TABLE "minutes_revisions"`);
    await queryRunner.query(`DROP INDEX "public"."minutes_errata_meeting_idx"`);
    await queryRunner.query(`DROP TABLE "minutes_errata"`);
    await queryRunner.query(`DROP INDEX "public"."meeting_participants_meeting_user_key"`);
    await queryRunner.query(`DROP INDEX "public"."meeting_participants_user_idx"`);
    await queryRunner.query(`DROP TABLE "meeting_participants"`);
    await queryRunner.query(`DROP INDEX "public"."agenda_items_meeting_idx"`);
    await queryRunner.query(`DROP TABLE "agenda_items"`);
    await queryRunner.query(`DROP INDEX "public"."action_items_body_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."action_items_owner_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."action_items_meeting_idx"`);
    await queryRunner.query(`DROP TABLE "action_items"`);
    await queryRunner.query(`DROP INDEX "public"."meetings_body_starts_idx"`);
    await queryRunner.query(`DROP INDEX "public"."meetings_starts_idx"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
  }
}
