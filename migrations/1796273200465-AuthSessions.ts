import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthSessions1796273200465 implements MigrationInterface {
  name = 'AuthSessions1796273200465';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions"  ("user_id") `);
    // Each login so far (a refresh-token family) becomes a session, revoked if its family was. Access
    // tokens issued before carry no session and are refused; their refresh tokens still work.
    await queryRunner.query(
      `INSERT INTO "auth_sessions" ("id", "user_id", "created_at", "revoked_at")
       SELECT family_id, min(user_id::text)::uuid, min(created_at), max(revoked_at)
         FROM "refresh_tokens" GROUP BY family_id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."auth_sessions_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
  }
}
