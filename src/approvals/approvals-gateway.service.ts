import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { StoredFile } from '../files/entities/stored-file.entity.js';
import { SubmissionsService } from './submissions.service.js';
import { canonicalize } from '../signing/signatures.js';
import { type Content, DocumentsService } from './documents.service.js';
import { type Classification, Document } from './entities/document.entity.js';
import { type StageSpec, WorkflowTemplate } from './entities/workflow-template.entity.js';

/** A text (e.g. printable HTML) or a file already stored through FilesService. */
export type SubmitContent = { text: string; mime?: string; fileName?: string } | { file: StoredFile };

const contentOf = (content: SubmitContent): Content =>
  'file' in content
    ? { file: content.file }
    : { body: content.text, bodyMime: content.mime, bodyFileName: content.fileName };

export interface SubmitForApprovalInput {
  submitterId: string;
  title: string;
  /** e.g. `minutes`: the owner of the type hears of the outcome through `RequestOutcomes`. */
  documentType: string;
  /** The issuing unit (its code prefixes the reference number); default: the submitter's unit. */
  orgUnitId?: string | null;
  classification?: Classification;
  metadata?: Record<string, unknown>;
  content: SubmitContent;
  /** The approvers of the one stage (e.g. the meeting's chair). */
  approverIds: string[];
  /** The stage's name in English (default `Approval`) and in Khmer. */
  stageName?: string;
  stageNameKm?: string | null;
  mode?: 'all' | 'any';
  slaHours?: number | null;
}

/**
 * What other modules use to send their own documents through the DWF, in their transaction: a
 * draft with version 1, an ad-hoc workflow (one stage, the named approvers), and the submission.
 * The ad-hoc template is saved once per distinct stage (inactive, so it is never chosen for
 * documents submitted by hand) and pinned by the request like any other.
 * Errors are the same as POST /documents/:id/submit (e.g. 409 WORKFLOW_BLOCKED when the only
 * approver is the submitter, who never approves their own document).
 */
@Injectable()
export class ApprovalsGateway {
  constructor(
    private readonly documents: DocumentsService,
    private readonly submissions: SubmissionsService,
  ) {}

  async submitForApproval(
    em: EntityManager,
    input: SubmitForApprovalInput,
  ): Promise<{ documentId: string; referenceNumber: string }> {
    const content = contentOf(input.content);
    const doc = await this.documents.createIn(
      em,
      input.submitterId,
      {
        title: input.title,
        documentType: input.documentType,
        orgUnitId: input.orgUnitId ?? undefined,
        classification: input.classification,
        metadata: input.metadata,
      },
      content,
    );
    const template = await this.adHocTemplate(em, input);
    await this.submissions.submitLocked(em, doc, input.submitterId, { template });
    return { documentId: doc.id, referenceNumber: doc.referenceNumber! };
  }

  /**
   * The owner's document, returned for revision, sent again as its next version (the same document,
   * number and workflow; a new round from the first stage, since its content changed). Null when
   * the document is not returned (approved, rejected, withdrawn, or still with its approvers): the
   * owner then submits a new one.
   */
  async resubmitIfReturned(
    em: EntityManager,
    input: {
      documentId: string;
      submitterId: string;
      metadata?: Record<string, unknown>;
      content: SubmitContent;
    },
  ): Promise<{ documentId: string; referenceNumber: string } | null> {
    const doc = await em.findOne(Document, {
      where: { id: input.documentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (doc?.status !== 'returned') return null;
    await this.documents.addVersionIn(em, doc, input.submitterId, contentOf(input.content), {
      metadata: input.metadata,
    });
    await this.submissions.submitLocked(em, doc, input.submitterId, {});
    return { documentId: doc.id, referenceNumber: doc.referenceNumber! };
  }

  private async adHocTemplate(em: EntityManager, input: SubmitForApprovalInput): Promise<WorkflowTemplate> {
    const stages: StageSpec[] = [
      {
        name: input.stageName ?? 'Approval',
        ...(input.stageNameKm ? { nameKm: input.stageNameKm } : {}),
        mode: input.mode ?? 'all',
        quorum: null,
        approvers: [...new Set(input.approverIds)].map((userId) => ({ userId })),
        slaHours: input.slaHours ?? null,
        escalateToUserId: null,
      },
    ];
    const digest = createHash('sha256').update(canonicalize(stages)).digest('hex').slice(0, 16);
    const name = `adhoc:${input.documentType}:${digest}`;
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('workflow_template:' || $1))`, [name]);
    const existing = await em.findOneBy(WorkflowTemplate, { name, version: 1 });
    if (existing) return existing;
    return em.save(
      em.create(WorkflowTemplate, {
        name,
        documentType: input.documentType,
        condition: null,
        version: 1,
        active: false,
        stages,
        createdById: null,
      }),
    );
  }
}
