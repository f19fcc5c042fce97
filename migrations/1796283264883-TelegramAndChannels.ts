import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TelegramAndChannels1796283264883 implements MigrationInterface {
  name = 'TelegramAndChannels1796283264883';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "channels" jsonb NOT NULL DEFAULT '{}', "daily_digest" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64c90edc7310c6be7c10c96f675" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "telegram_link_codes" ("code_hash" text NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a329dd4927e28d1cd96f45fac17" PRIMARY KEY ("code_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "telegram_link_codes_user_idx" ON "telegram_link_codes"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "telegram_links" ("user_id" uuid NOT NULL, "chat_id" bigint NOT NULL, "telegram_username" text, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4a6112193e0d68ac5bd296bf20c" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "telegram_links_chat_id_key" ON "telegram_links"  ("chat_id") `,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ADD "in_app" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "telegram_status" text NOT NULL DEFAULT 'skipped'`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ADD "telegram_message_id" bigint`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "telegrammed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "notification_preferences" ADD CONSTRAINT "FK_64c90edc7310c6be7c10c96f675" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "telegram_link_codes" ADD CONSTRAINT "FK_434682c9610bd816ae26a56f023" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "telegram_links" ADD CONSTRAINT "FK_4a6112193e0d68ac5bd296bf20c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "telegram_links" DROP CONSTRAINT "FK_4a6112193e0d68ac5bd296bf20c"`);
    await queryRunner.query(
      `ALTER TABLE "telegram_link_codes" DROP CONSTRAINT "FK_434682c9610bd816ae26a56f023"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_64c90edc7310c6be7c10c96f675"`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "telegrammed_at"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "telegram_message_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "telegram_status"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "in_app"`);
    await queryRunner.query(`DROP INDEX "public"."telegram_links_chat_id_key"`);
    await queryRunner.query(`DROP TABLE "telegram_links"`);
    await queryRunner.query(`DROP INDEX "public"."telegram_link_codes_user_idx"`);
    await queryRunner.query(`DROP TABLE "telegram_link_codes"`);
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
  }
}
