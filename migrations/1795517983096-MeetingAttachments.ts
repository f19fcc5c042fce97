import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingAttachments1795517983096 implements MigrationInterface {
  name = 'MeetingAttachments1795517983096';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meeting_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "file_id" uuid NOT NULL, "caption" text, "uploaded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fcaaa05c07f248d827d939e808a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "meeting_attachments_meeting_idx" ON "meeting_attachments"  ("meeting_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attachments" ADD CONSTRAINT "FK_c07f98c0117ad0a464c47c2fc24" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "meeting_attachments" DROP CONSTRAINT "FK_c07f98c0117ad0a464c47c2fc24"`,
    );
    await queryRunner.query(`DROP INDEX "public"."meeting_attachments_meeting_idx"`);
    await queryRunner.query(`DROP TABLE "meeting_attachments"`);
  }
}
