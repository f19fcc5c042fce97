import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentTypeNames1796303153667 implements MigrationInterface {
  name = 'DocumentTypeNames1796303153667';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_types" ("code" text NOT NULL, "name_km" text, "name_en" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c46cecbae576329e689110cbb5" PRIMARY KEY ("code"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "document_types"`);
  }
}
