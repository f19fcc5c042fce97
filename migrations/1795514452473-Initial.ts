import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795514452473 implements MigrationInterface {
  name = 'Initial1795514452473';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: trigram search (Khmer has no word breaks) needs pg_trgm.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "stream" text NOT NULL, "seq" integer NOT NULL, "action" text NOT NULL, "actor_id" uuid, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" text, "hash" text NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_log_entity_idx" ON "audit_log"  ("entity_type", "entity_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "audit_log_stream_seq_key" ON "audit_log"  ("stream", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_heads" ("stream" text NOT NULL, "seq" integer NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_e859afaafaa7a0cfaa28e9be8ce" PRIMARY KEY ("stream"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens"  ("family_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "idempotency_records" ("scope" text NOT NULL, "request_hash" text NOT NULL, "status_code" integer NOT NULL, "body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_99a3858bc674d44f80ff0c36030" PRIMARY KEY ("scope"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sha256" text NOT NULL, "size" bigint NOT NULL, "mime" text NOT NULL, "original_name" text NOT NULL, "storage_key" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c16b9093a142e0e7613b04a3d9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "files_sha256_idx" ON "files"  ("sha256") `);
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "event_key" text NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "link" text, "data" jsonb NOT NULL DEFAULT '{}', "read_at" TIMESTAMP WITH TIME ZONE, "email_status" text NOT NULL DEFAULT 'pending', "emailed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "notifications_event_user_key" ON "notifications"  ("event_key", "user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_user_unread_idx" ON "notifications"  ("user_id") WHERE read_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_user_created_idx" ON "notifications"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "org_units" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "name_km" text, "parent_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b4a19b7f3756560cd75643be5a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "org_units_code_key" ON "org_units"  ("code") `);
    await queryRunner.query(`CREATE INDEX "org_units_parent_id_idx" ON "org_units"  ("parent_id") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "password_hash" text NOT NULL, "full_name" text NOT NULL, "full_name_km" text, "email" text, "locale" text NOT NULL DEFAULT 'km', "status" text NOT NULL DEFAULT 'active', "roles" text array NOT NULL DEFAULT '{}', "org_unit_id" uuid, "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "users_username_key" ON "users"  ("username") `);
    await queryRunner.query(`CREATE INDEX "users_org_unit_id_idx" ON "users"  ("org_unit_id") `);
    await queryRunner.query(
      `CREATE TABLE "org_posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_unit_id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "title_km" text, "valid_from" date, "valid_to" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85a8f6188886e5e81f8edb692b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "org_posts_user_id_idx" ON "org_posts"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "org_posts_unit_kind_idx" ON "org_posts"  ("org_unit_id", "kind") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" text NOT NULL, "name" text NOT NULL, "payload" jsonb NOT NULL, "run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, "processed_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_events_pending_idx" ON "outbox_events"  ("run_at") WHERE processed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_events_unrelayed_idx" ON "outbox_events"  ("created_at") WHERE relayed_at IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_units" ADD CONSTRAINT "FK_93e336d1c079edb2cecd9c8f599" FOREIGN KEY ("parent_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_758b37f4f8ca8be4ddaefa51c9e" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_posts" ADD CONSTRAINT "FK_87ca689ed0dfc2d35004a614174" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_posts" ADD CONSTRAINT "FK_3e188562dceb64fb9930fd371da" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Written by hand: trigram indexes for substring search in Latin and Khmer.
    await queryRunner.query(
      `CREATE INDEX "users_full_name_trgm" ON "users" USING gin ("full_name" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_full_name_km_trgm" ON "users" USING gin ("full_name_km" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_username_trgm" ON "users" USING gin ("username" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "org_units_name_trgm" ON "org_units" USING gin ("name" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "org_units_name_km_trgm" ON "org_units" USING gin ("name_km" gin_trgm_ops)`,
    );
    // Written by hand: the audit log is append-only.
    await queryRunner.query(`CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON "audit_log"`);
    await queryRunner.query(`DROP TRIGGER audit_log_append_only ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION audit_log_refuse_change()`);
    await queryRunner.query(`DROP INDEX "org_units_name_km_trgm"`);
    await queryRunner.query(`DROP INDEX "org_units_name_trgm"`);
    await queryRunner.query(`DROP INDEX "users_username_trgm"`);
    await queryRunner.query(`DROP INDEX "users_full_name_km_trgm"`);
    await queryRunner.query(`DROP INDEX "users_full_name_trgm"`);
    await queryRunner.query(`ALTER TABLE "org_posts" DROP CONSTRAINT "FK_3e188562dceb64fb9930fd371da"`);
    await queryRunner.query(`ALTER TABLE "org_posts" DROP CONSTRAINT "FK_87ca689ed0dfc2d35004a614174"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_758b37f4f8ca8be4ddaefa51c9e"`);
    await queryRunner.query(`ALTER TABLE "org_units" DROP CONSTRAINT "FK_93e336d1c079edb2cecd9c8f599"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_events_unrelayed_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_events_pending_idx"`);
    await queryRunner.query(`DROP TABLE "outbox_events"`);
    await queryRunner.query(`DROP INDEX "public"."org_posts_unit_kind_idx"`);
    await queryRunner.query(`DROP INDEX "public"."org_posts_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "org_posts"`);
    await queryRunner.query(`DROP INDEX "public"."users_org_unit_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_username_key"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."org_units_parent_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."org_units_code_key"`);
    await queryRunner.query(`DROP TABLE "org_units"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_user_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_user_unread_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_event_user_key"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."files_sha256_idx"`);
    await queryRunner.query(`DROP TABLE "files"`);
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_family_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP TABLE "audit_heads"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_stream_seq_key"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_entity_idx"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
