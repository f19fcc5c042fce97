import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { ApprovalsAccess } from './approvals-access.js';
import { DocumentViewsService } from './document-views.service.js';
import type {
  DraftRoutePreviewDto,
  DraftRoutePreviewQueryDto,
  PreviewStageDto,
  RoutePreviewDto,
  WorkflowRefDto,
} from './dto/route-preview.dto.js';
import type { WorkflowRoutePreviewDto, WorkflowRoutePreviewRequestDto } from './dto/workflow-preview.dto.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { Document } from './entities/document.entity.js';
import { WorkflowTemplate } from './entities/workflow-template.entity.js';
import { type StagePlan, StagePlanService } from './stage-plan.service.js';
import { WorkflowsService } from './workflows.service.js';
import { OrgService } from '../org/org.service.js';

const ref = (t: WorkflowTemplate): WorkflowRefDto => ({
  id: t.id,
  name: t.name,
  nameKm: t.nameKm ?? null,
  version: t.version,
});

interface StageShape {
  name: string;
  nameKm?: string | null;
  mode: string;
  quorum?: number | null;
  approvers: ApprovalStage['approvers'];
  slaHours?: number | null;
  escalateToUserId?: string | null;
}

/**
 * GET /documents/:id/route-preview: the route a submission would take now, by the same rules as the
 * submission (template choice of #14.2, routing and the submitter's exclusion of #14.3, the issuer
 * check of #14.9). Reads only: no number, no request, no task.
 */
@Injectable()
export class RoutePreviewService {
  constructor(
    private readonly access: ApprovalsAccess,
    private readonly workflows: WorkflowsService,
    private readonly planner: StagePlanService,
    private readonly views: DocumentViewsService,
    private readonly org: OrgService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async preview(user: AuthUser, id: string, workflowId?: string): Promise<RoutePreviewDto> {
    const em = this.dataSource.manager;
    const doc = await this.access.visibleDocument(em, user, id);
    const own = doc.submitterId === user.id;
    if (!own && !isAdmin(user)) throw forbidden('NOT_SUBMITTER', 'Only the submitter previews the route');
    let workflow: WorkflowTemplate;
    let applicable: WorkflowTemplate[];
    let stages: StageShape[];
    if (doc.status === 'draft') {
      if (own) await this.access.assertIssuer(em, user.id, doc.orgUnitId);
      workflow = await this.workflows.chooseFor(em, doc, workflowId);
      applicable = await this.workflows.applicableFor(em, doc);
      stages = workflow.stages;
    } else if (doc.status === 'returned') {
      if (workflowId) {
        throw badRequest('WORKFLOW_FIXED', 'A resubmitted document keeps the workflow it started with');
      }
      // The request's own snapshot of the stages (a resubmission may restart at the returning one).
      const request = await em.findOneByOrFail(ApprovalRequest, { documentId: doc.id });
      workflow = await em.findOneByOrFail(WorkflowTemplate, { id: request.templateId });
      applicable = [workflow];
      stages = await em.find(ApprovalStage, { where: { requestId: request.id }, order: { index: 'ASC' } });
    } else {
      throw conflict('DOCUMENT_NOT_SUBMITTABLE', `A document in status '${doc.status}' is not submitted`, {
        status: doc.status,
      });
    }
    return { documentId: doc.id, ...(await this.route(em, doc, workflow, applicable, stages)) };
  }

  /**
   * POST /route-preview: the route a document of this type and metadata would take if the caller
   * created and submitted it now (the new-document form shows it while the user types, before any
   * draft exists). The same checks as creating and submitting: the issuing unit is one of the
   * caller's (default: their own unit), the template is the applicable one. Reads only.
   */
  async previewDraft(user: AuthUser, q: DraftRoutePreviewQueryDto): Promise<DraftRoutePreviewDto> {
    const em = this.dataSource.manager;
    let orgUnitId = q.orgUnitId;
    if (orgUnitId) {
      if (!(await this.org.getUnit(orgUnitId, em))) {
        throw badRequest('ORG_UNIT_NOT_FOUND', 'No such org unit', [
          { field: 'orgUnitId', problems: ['no such unit'] },
        ]);
      }
      await this.access.assertIssuer(em, user.id, orgUnitId);
    } else {
      orgUnitId = (await this.org.unitOfUser(user.id, em)) ?? undefined;
      if (!orgUnitId) {
        throw badRequest('ORG_UNIT_REQUIRED', 'Name the issuing unit (orgUnitId): you belong to none');
      }
    }
    // Never saved: the routing rules read only its type, metadata, unit and submitter.
    const doc = em.create(Document, {
      documentType: q.documentType,
      metadata: q.metadata ?? {},
      orgUnitId,
      submitterId: user.id,
      status: 'draft',
    });
    const workflow = await this.workflows.chooseFor(em, doc, q.workflowId);
    const applicable = await this.workflows.applicableFor(em, doc);
    return this.route(em, doc, workflow, applicable, workflow.stages);
  }

  /**
   * POST /workflows/route-preview (admin): the route a document that does not exist yet would take,
   * for a submitter, a type and metadata (e.g. an amount), by the same template choice and routing
   * as a submission. With `workflowId`, that template's route (and whether it would be chosen).
   */
  async previewHypothetical(input: WorkflowRoutePreviewRequestDto): Promise<WorkflowRoutePreviewDto> {
    const em = this.dataSource.manager;
    const submitter = await this.org.findUserById(input.submitterId, em);
    if (!submitter) {
      throw badRequest('USER_NOT_FOUND', 'No such user', [
        { field: 'submitterId', problems: ['no user has this id'] },
      ]);
    }
    if (!submitter.orgUnitId) {
      throw badRequest('ORG_UNIT_REQUIRED', 'The submitter belongs to no unit, so nothing routes from them', [
        { field: 'submitterId', problems: ['the user belongs to no unit'] },
      ]);
    }
    // Never saved: only what template choice and routing read.
    const doc = Object.assign(new Document(), {
      id: '00000000-0000-0000-0000-000000000000',
      submitterId: submitter.id,
      orgUnitId: submitter.orgUnitId,
      documentType: input.documentType,
      metadata: input.metadata ?? {},
    });
    const applicable = await this.workflows.applicableFor(em, doc, { numbersRequired: !input.workflowId });
    let workflow: WorkflowTemplate | undefined = applicable[0];
    if (input.workflowId) {
      workflow = (await em.findOneBy(WorkflowTemplate, { id: input.workflowId })) ?? undefined;
      if (!workflow) throw notFound('WORKFLOW_NOT_FOUND', 'No such workflow template');
    }
    if (!workflow) {
      throw conflict(
        'NO_WORKFLOW_FOR_DOCUMENT',
        `No active workflow template for document type '${doc.documentType}' matches this document`,
      );
    }
    const chosen = workflow;
    return {
      ...(await this.route(em, doc, chosen, applicable, chosen.stages)),
      applies: applicable.some((t) => t.id === chosen.id),
    };
  }

  private async route(
    em: EntityManager,
    doc: Document,
    workflow: WorkflowTemplate,
    applicable: WorkflowTemplate[],
    stages: StageShape[],
  ): Promise<DraftRoutePreviewDto> {
    const now = new Date();
    const plans: StagePlan[] = [];
    // Who the earlier stages go to will have approved them by the time a later stage opens.
    const approvedEarlier = new Set<string>();
    for (const s of stages) {
      const plan = await this.planner.plan(
        em,
        { approvers: s.approvers, escalateToUserId: s.escalateToUserId ?? null },
        doc,
        now,
        approvedEarlier,
      );
      plans.push(plan);
      for (const task of plan.tasks) approvedEarlier.add(task.assigneeId);
    }
    const people = await this.views.people(
      em,
      plans.flatMap((p) => p.tasks.flatMap((t) => [t.assigneeId, t.actingForId ?? ''])),
    );
    const person = (userId: string) => people.get(userId) ?? { id: userId, fullName: '', fullNameKm: null };
    const stageViews: PreviewStageDto[] = stages.map((s, index) => ({
      index,
      name: s.name,
      nameKm: s.nameKm ?? null,
      mode: s.mode,
      quorum: s.quorum ?? null,
      slaHours: s.slaHours ?? null,
      escalateToUserId: s.escalateToUserId ?? null,
      blocked: plans[index].blocked,
      approvers: plans[index].tasks.map((t) => ({
        assignee: person(t.assigneeId),
        actingFor: t.actingForId ? person(t.actingForId) : null,
        post: t.postTitle ? { title: t.postTitle, titleKm: t.postTitleKm } : null,
        origin: t.origin,
      })),
      routingNotes: plans[index].notes,
    }));
    return {
      workflow: ref(workflow),
      applicableWorkflows: applicable.map(ref),
      blocked: plans.some((p) => p.blocked),
      stages: stageViews,
    };
  }
}
