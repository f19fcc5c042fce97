import { DocumentSubjects } from './document-subjects.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import { canonicalize } from '../signing/signatures.js';
import { ApprovalsAccess } from './approvals-access.js';
import { DocumentViewsService } from './document-views.service.js';
import { MINISTRY_TIME_ZONE } from '../common/ministry-time.js';
import { formatReferenceNumber } from './domain/reference-number.js';
import { NEW_REQUEST_STATUS, nextRequestStatus } from './domain/request-state.js';
import { nextStageStatus } from './domain/stage-state.js';
import { nextDocumentStatus } from './domain/state-machine.js';
import type { DocumentDto } from './dto/document.dto.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { DocumentVersion } from './entities/document-version.entity.js';
import type { Document } from './entities/document.entity.js';
import { WorkflowTemplate } from './entities/workflow-template.entity.js';
import { StageRoutingService } from './stage-routing.service.js';
import { WorkflowsService } from './workflows.service.js';
import { documentEntry } from './document-audit.js';

function yearIn(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

/**
 * A document enters its workflow: the first submission, or a resubmission after a return. One
 * transaction with its audit entries; the first stage's tasks, notifications and deadlines go out
 * through the outbox.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ApprovalsAccess,
    private readonly views: DocumentViewsService,
    private readonly workflows: WorkflowsService,
    private readonly routing: StageRoutingService,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly subjects: DocumentSubjects,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * First submission: picks the template, numbers the document (gapless per unit and year, in this
   * transaction), snapshots the stages and activates the first. Resubmission after a return: the
   * same request, a new round; it restarts at the stage that returned it when the content (SHA-256
   * and metadata) is what that stage saw, else from the first stage.
   * A first stage that routes to nobody refuses the submission (409 WORKFLOW_BLOCKED) and changes nothing.
   */
  async submit(user: AuthUser, documentId: string, workflowId?: string): Promise<DocumentDto> {
    const doc = await this.tx.run(async (em) => {
      const locked = await this.access.visibleDocument(em, user, documentId, true);
      if (locked.submitterId !== user.id)
        throw forbidden('NOT_SUBMITTER', 'Only the submitter submits the document');
      await this.subjects.assertNotOwned(em, locked);
      // The first submission spends a number of the issuing unit: only one of its members may (#14.9).
      if (locked.status === 'draft') await this.access.assertIssuer(em, user.id, locked.orgUnitId);
      await this.submitLocked(em, locked, user.id, workflowId ? { workflowId } : {});
      return locked;
    });
    // Built after the commit: the unit's reference counter stays locked only as long as needed.
    return this.views.detail(this.dataSource.manager, doc, user);
  }

  /**
   * Submits a document already locked in the caller's transaction. `template` forces a template
   * (other modules' ad-hoc workflows); `workflowId` is the submitter's explicit choice.
   */
  async submitLocked(
    em: EntityManager,
    doc: Document,
    actorId: string,
    choice: { workflowId?: string; template?: WorkflowTemplate },
  ): Promise<void> {
    const first = doc.status === 'draft';
    doc.status = nextDocumentStatus(doc.status, 'submit');
    const now = new Date();
    if (!first && choice.workflowId) {
      throw badRequest('WORKFLOW_FIXED', 'A resubmitted document keeps the workflow it started with');
    }
    const { request, start, resumed } = first
      ? { ...(await this.start(em, doc, choice, now)), resumed: null }
      : await this.restart(em, doc);
    doc.submittedAt = now;
    await em.save(doc);
    const activation = await this.routing.activate(em, request, start, doc, actorId);
    if (activation.blocked) {
      throw conflict(
        'WORKFLOW_BLOCKED',
        `Stage "${start.name}" routes to nobody today (a vacant post and no escalation target); nothing was submitted`,
        { stage: start.index, routing: start.routingNotes },
      );
    }
    // One entry a submission: a resubmission's says where the route resumed and why (it was
    // recorded twice, submitted and resubmitted, and read as two acts).
    await this.audit.append(
      em,
      documentEntry(doc.id, resumed ? 'document.resubmitted' : 'document.submitted', actorId, {
        referenceNumber: doc.referenceNumber,
        requestId: request.id,
        templateId: request.templateId,
        templateVersion: request.templateVersion,
        versionNo: request.versionNo,
        round: request.round,
        ...resumed,
      }),
    );
  }

  /** The first submission: the document's number, its request and the template's stages, pending. */
  private async start(
    em: EntityManager,
    doc: Document,
    choice: { workflowId?: string; template?: WorkflowTemplate },
    now: Date,
  ): Promise<{ request: ApprovalRequest; start: ApprovalStage }> {
    const template = choice.template ?? (await this.workflows.chooseFor(em, doc, choice.workflowId));
    if (!doc.referenceNumber) doc.referenceNumber = await this.nextReference(em, doc.orgUnitId, now);
    const request = await em.save(
      em.create(ApprovalRequest, {
        documentId: doc.id,
        templateId: template.id,
        templateVersion: template.version,
        status: NEW_REQUEST_STATUS,
        currentStage: 0,
        round: 1,
        versionNo: doc.currentVersionNo,
        startedAt: now,
      }),
    );
    const stages = await em.save(
      template.stages.map((s, index) =>
        em.create(ApprovalStage, {
          requestId: request.id,
          index,
          name: s.name,
          nameKm: s.nameKm ?? null,
          mode: s.mode,
          quorum: s.quorum ?? null,
          approvers: s.approvers,
          slaHours: s.slaHours ?? null,
          escalateToUserId: s.escalateToUserId ?? null,
          status: 'pending',
          round: 0,
        }),
      ),
    );
    return { request, start: stages[0] };
  }

  /**
   * A resubmission: the request's next round, from the stage that returned it when the content is
   * what that stage saw, else from the first; the stages from there on are pending again.
   */
  private async restart(
    em: EntityManager,
    doc: Document,
  ): Promise<{
    request: ApprovalRequest;
    start: ApprovalStage;
    resumed: { contentUnchanged: boolean; restartAt: number };
  }> {
    const request = await em.findOneOrFail(ApprovalRequest, {
      where: { documentId: doc.id },
      lock: { mode: 'pessimistic_write' },
    });
    const stages = await em.find(ApprovalStage, {
      where: { requestId: request.id },
      order: { index: 'ASC' },
    });
    const returnedAt = request.currentStage;
    await this.assertRouteStillApplies(em, doc, request);
    const unchanged = await this.sameContent(em, doc.id, request.versionNo, doc.currentVersionNo);
    const restartAt = unchanged ? returnedAt : 0;
    for (const s of stages) {
      if (s.index >= restartAt) {
        s.status = nextStageStatus(s.status, 'restart');
        s.completedAt = null;
      }
    }
    await em.save(stages);
    request.round += 1;
    request.status = nextRequestStatus(request.status, 'resubmit');
    request.currentStage = restartAt;
    request.versionNo = doc.currentVersionNo;
    request.finishedAt = null;
    await em.save(request);
    return { request, start: stages[restartAt], resumed: { contentUnchanged: unchanged, restartAt } };
  }

  /**
   * A document whose details (its metadata: an amount...) changed while it was returned goes back
   * only if the workflow it started with still applies to them: 409 WORKFLOW_CHANGED otherwise
   * (e.g. an amount raised past the threshold that adds the Minister), naming the workflow that
   * applies now. A request keeps its stages and their history, so it is not re-routed: the
   * submitter withdraws the document and submits it anew.
   */
  private async assertRouteStillApplies(em: EntityManager, doc: Document, request: ApprovalRequest) {
    const seen = await em.findOneBy(DocumentVersion, { documentId: doc.id, no: request.versionNo });
    if (canonicalize(seen?.metadataSnapshot ?? {}) === canonicalize(doc.metadata ?? {})) return;
    const started = await em.findOneByOrFail(WorkflowTemplate, { id: request.templateId });
    const now = await this.workflows.replacementFor(em, doc, started);
    if (now) {
      throw conflict(
        'WORKFLOW_CHANGED',
        `The document's details now call for the workflow "${now.name}", not "${started.name}" it started with: withdraw it and submit it anew`,
        { workflow: { id: now.id, name: now.name, nameKm: now.nameKm ?? null } },
      );
    }
  }

  /** The next number of the unit's year, in the caller's transaction: a rollback gives it back. */
  private async nextReference(em: EntityManager, orgUnitId: string, at: Date): Promise<string> {
    // Reference numbers count per year in the ministry's time, not UTC.
    const year = yearIn(MINISTRY_TIME_ZONE, at);
    // An upsert that adds one (TypeORM's upsert sets, it does not add).
    const rows: { last: number }[] = await em.query(
      `INSERT INTO reference_counters (org_unit_id, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (org_unit_id, year) DO UPDATE SET last = reference_counters.last + 1
       RETURNING last`,
      [orgUnitId, year],
    );
    const unit = await this.org.getUnit(orgUnitId, em);
    return formatReferenceNumber(unit!.code, year, rows[0].last);
  }

  /** The content a stage saw is unchanged: same SHA-256 and same metadata. */
  private async sameContent(em: EntityManager, documentId: string, a: number, b: number): Promise<boolean> {
    if (a === b) return true;
    const va = await em.findOneBy(DocumentVersion, { documentId, no: a });
    const vb = await em.findOneBy(DocumentVersion, { documentId, no: b });
    return (
      !!va &&
      !!vb &&
      va.sha256 === vb.sha256 &&
      canonicalize(va.metadataSnapshot ?? {}) === canonicalize(vb.metadataSnapshot ?? {})
    );
  }
}
