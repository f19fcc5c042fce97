import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Approvals1795515078003 implements MigrationInterface {
  name = 'Approvals1795515078003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "document_type" text NOT NULL, "org_unit_id" uuid NOT NULL, "classification" text NOT NULL DEFAULT 'internal', "metadata" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'draft', "submitter_id" uuid NOT NULL, "current_version_no" integer NOT NULL DEFAULT '1', "reference_number" text, "verification_code" text, "due_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "approved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "documents_reference_number_key" ON "documents"  ("reference_number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "documents_verification_code_key" ON "documents"  ("verification_code") `,
    );
    await queryRunner.query(`CREATE INDEX "documents_org_unit_id_idx" ON "documents"  ("org_unit_id") `);
    await queryRunner.query(
      `CREATE INDEX "documents_status_type_idx" ON "documents"  ("status", "document_type") `,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_submitter_created_idx" ON "documents"  ("submitter_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "workflow_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "document_type" text NOT NULL, "condition" jsonb, "version" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, "stages" jsonb NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_de336a1fce23ad3261d49423eae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "workflow_templates_type_active_idx" ON "workflow_templates"  ("document_type", "active") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "workflow_templates_name_version_key" ON "workflow_templates"  ("name", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "approval_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "template_id" uuid NOT NULL, "template_version" integer NOT NULL, "status" text NOT NULL DEFAULT 'active', "current_stage" integer NOT NULL DEFAULT '0', "round" integer NOT NULL DEFAULT '1', "version_no" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_484806bb8ff331b851fc75973c0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "approval_requests_document_id_key" ON "approval_requests"  ("document_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "approval_requests_status_idx" ON "approval_requests"  ("status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "approval_stages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "index" integer NOT NULL, "name" text NOT NULL, "mode" text NOT NULL, "quorum" integer, "approvers" jsonb NOT NULL, "sla_hours" double precision, "escalate_to_user_id" uuid, "status" text NOT NULL DEFAULT 'pending', "round" integer NOT NULL DEFAULT '0', "activated_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "routing_notes" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_24f1b0f60ba0f253c6b884edc22" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "approval_stages_request_index_key" ON "approval_stages"  ("request_id", "index") `,
    );
    await queryRunner.query(
      `CREATE TABLE "approval_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "stage_id" uuid NOT NULL, "document_id" uuid NOT NULL, "round" integer NOT NULL, "assignee_id" uuid NOT NULL, "acting_for_id" uuid, "origin" text NOT NULL DEFAULT 'approver', "escalated_from_task_id" uuid, "post_title" text, "post_title_km" text, "status" text NOT NULL DEFAULT 'pending', "version_no" integer NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_id" uuid, "comment" text, "reminded_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_612540cffe174929e1ff58c893b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "approval_tasks_overdue_idx" ON "approval_tasks"  ("due_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "approval_tasks_acting_for_id_idx" ON "approval_tasks"  ("acting_for_id") WHERE acting_for_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "approval_tasks_assignee_decided_idx" ON "approval_tasks"  ("assignee_id", "decided_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "approval_tasks_document_id_idx" ON "approval_tasks"  ("document_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "approval_tasks_request_id_idx" ON "approval_tasks"  ("request_id") `,
    );
    await queryRunner.query(`CREATE INDEX "approval_tasks_stage_id_idx" ON "approval_tasks"  ("stage_id") `);
    await queryRunner.query(
      `CREATE INDEX "approval_tasks_inbox_idx" ON "approval_tasks"  ("assignee_id", "due_at", "id") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TABLE "delegations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "from_user_id" uuid NOT NULL, "to_user_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "document_types" text array, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_01f9fbbc9b3bf52236a4e951b19" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "delegations_to_user_id_idx" ON "delegations"  ("to_user_id") `);
    await queryRunner.query(
      `CREATE INDEX "delegations_from_user_idx" ON "delegations"  ("from_user_id", "starts_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "document_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "manifest" jsonb NOT NULL, "canonical" text NOT NULL, "signature" text NOT NULL, "public_key_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b0371a619a84f2d89ad8aef7f33" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_signatures_document_id_key" ON "document_signatures"  ("document_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "document_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "no" integer NOT NULL, "file_id" uuid, "body" text, "sha256" text NOT NULL, "size" bigint NOT NULL, "mime" text NOT NULL, "file_name" text, "author_id" uuid NOT NULL, "note" text, "metadata_snapshot" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_baf26dab035c6d6fc433f9dc6a2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_versions_document_no_key" ON "document_versions"  ("document_id", "no") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reference_counters" ("org_unit_id" uuid NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_c72e4d2f94f4d8dfa2d3c7145bc" PRIMARY KEY ("org_unit_id", "year"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_f46245330f1b3fa1e0e75e04874" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_43807679385d4d4d5d74592651a" FOREIGN KEY ("submitter_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "approval_requests" ADD CONSTRAINT "FK_ff2a95db2a9b792f0ac5f6ddc76" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "approval_requests" ADD CONSTRAINT "FK_1e13ba5aaa846aa37f1b10a0f1a" FOREIGN KEY ("template_id") REFERENCES "workflow_templates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "approval_stages" ADD CONSTRAINT "FK_466e11174e153958cd78e89c50d" FOREIGN KEY ("request_id") REFERENCES "approval_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "approval_tasks" ADD CONSTRAINT "FK_430bb3e5f3a2b414d02d3de296e" FOREIGN KEY ("stage_id") REFERENCES "approval_stages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "approval_tasks" ADD CONSTRAINT "FK_9a4589d2f734d7d0849d49311f2" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "FK_20135ab499ffa59478a6ddf68c3" FOREIGN KEY ("from_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "FK_138c1d0f6bf4548e79e43517c74" FOREIGN KEY ("to_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_signatures" ADD CONSTRAINT "FK_fec2fc5c198cb1da4942bc9034b" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_versions" ADD CONSTRAINT "FK_ac75577bca976d6d581b0f459b6" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_versions" ADD CONSTRAINT "FK_e060ea6f133a3818dc64596c5cc" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Written by hand: substring search of titles and reference numbers in Latin and Khmer (no word breaks).
    await queryRunner.query(
      `CREATE INDEX "documents_title_trgm" ON "documents" USING gin ("title" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_reference_number_trgm" ON "documents" USING gin ("reference_number" gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "documents_reference_number_trgm"`);
    await queryRunner.query(`DROP INDEX "documents_title_trgm"`);
    await queryRunner.query(
      `ALTER TABLE "document_versions" DROP CONSTRAINT "FK_e060ea6f133a3818dc64596c5cc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_versions" DROP CONSTRAINT "FK_ac75577bca976d6d581b0f459b6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_signatures" DROP CONSTRAINT "FK_fec2fc5c198cb1da4942bc9034b"`,
    );
    await queryRunner.query(`ALTER TABLE "delegations" DROP CONSTRAINT "FK_138c1d0f6bf4548e79e43517c74"`);
    await queryRunner.query(`ALTER TABLE "delegations" DROP CONSTRAINT "FK_20135ab499ffa59478a6ddf68c3"`);
    await queryRunner.query(`ALTER TABLE "approval_tasks" DROP CONSTRAINT "FK_9a4589d2f734d7d0849d49311f2"`);
    await queryRunner.query(`ALTER TABLE "approval_tasks" DROP CONSTRAINT "FK_430bb3e5f3a2b414d02d3de296e"`);
    await queryRunner.query(`ALTER TABLE "approval_stages" DROP CONSTRAINT "FK_466e11174e153958cd78e89c50d"`);
    await queryRunner.query(
      `ALTER TABLE "approval_requests" DROP CONSTRAINT "FK_1e13ba5aaa846aa37f1b10a0f1a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "approval_requests" DROP CONSTRAINT "FK_ff2a95db2a9b792f0ac5f6ddc76"`,
    );
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_43807679385d4d4d5d74592651a"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_f46245330f1b3fa1e0e75e04874"`);
    await queryRunner.query(`DROP TABLE "reference_counters"`);
    await queryRunner.query(`DROP INDEX "public"."document_versions_document_no_key"`);
    await queryRunner.query(`DROP TABLE "document_versions"`);
    await queryRunner.query(`DROP INDEX "public"."document_signatures_document_id_key"`);
    await queryRunner.query(`DROP TABLE "document_signatures"`);
    await queryRunner.query(`DROP INDEX "public"."delegations_from_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."delegations_to_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "delegations"`);
    await queryRunner.query(`DROP INDEX "public"."approval_tasks_inbox_idx"`);
    await queryRunner.query(`DROP INDEX "public"."approval_tasks_stage_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."approval_tasks_request_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."approval_tasks_document_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."approval_tasks_assignee_decided_idx"`);
    await queryRunner.query(`DROP INDEX "public"."approval_tasks_acting_for_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."approval_tasks_overdue_idx"`);
    await queryRunner.query(`DROP TABLE "approval_tasks"`);
    await queryRunner.query(`DROP INDEX "public"."approval_stages_request_index_key"`);
    await queryRunner.query(`DROP TABLE "approval_stages"`);
    await queryRunner.query(`DROP INDEX "public"."approval_requests_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."approval_requests_document_id_key"`);
    await queryRunner.query(`DROP TABLE "approval_requests"`);
    await queryRunner.query(`DROP INDEX "public"."workflow_templates_name_version_key"`);
    await queryRunner.query(`DROP INDEX "public"."workflow_templates_type_active_idx"`);
    await queryRunner.query(`DROP TABLE "workflow_templates"`);
    await queryRunner.query(`DROP INDEX "public"."documents_submitter_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_status_type_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_org_unit_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_verification_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."documents_reference_number_key"`);
    await queryRunner.query(`DROP TABLE "documents"`);
  }
}
