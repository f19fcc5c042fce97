import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Like, Not } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OrgService } from '../org/org.service.js';
import {
  applicableTemplates,
  type Condition,
  conditionProblems,
  missingNumbers,
} from './domain/condition.js';
import type { CreateWorkflowDto, WorkflowDto } from './dto/workflow.dto.js';
import type { DocumentTypeDto } from './dto/document-type.dto.js';
import { DocumentType } from './entities/document-type.entity.js';
import type { Document } from './entities/document.entity.js';
import { type ApproverSpec, type StageSpec, WorkflowTemplate } from './entities/workflow-template.entity.js';

const nobody = (stage: number, field: string, problem: string) =>
  badRequest('WORKFLOW_ROUTES_TO_NOBODY', `Stage ${stage + 1} would route to nobody: ${problem}`, [
    { field: `stages[${stage}].${field}`, problems: [problem] },
  ]);

export function toWorkflowDto(t: WorkflowTemplate, type?: DocumentType | null): WorkflowDto {
  return {
    id: t.id,
    name: t.name,
    nameKm: t.nameKm ?? null,
    documentType: t.documentType,
    documentTypeNameKm: type?.nameKm ?? null,
    documentTypeNameEn: type?.nameEn ?? null,
    condition: (t.condition as Record<string, unknown> | null) ?? null,
    version: t.version,
    active: t.active,
    stages: t.stages as WorkflowDto['stages'],
    createdAt: t.createdAt.toISOString(),
  };
}

/** Workflow templates: validated and versioned on save, chosen for a document on submit. */
@Injectable()
export class WorkflowsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async create(dto: CreateWorkflowDto, actor: AuthUser): Promise<WorkflowDto> {
    if (dto.condition !== undefined) {
      const problems = conditionProblems(dto.condition);
      if (problems.length) {
        throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
          { field: 'condition', problems },
        ]);
      }
    }
    const stages = this.normalizeStages(dto);
    return this.tx.run(async (em) => {
      await this.checkRoutes(em, stages);
      // One writer per name at a time, so versions count up without a gap or a clash.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('workflow_template:' || $1))`, [dto.name]);
      const rows: { max: number | null }[] = await em.query(
        `SELECT max(version) AS max FROM workflow_templates WHERE name = $1`,
        [dto.name],
      );
      const version = (rows[0]?.max ?? 0) + 1;
      await em.update(WorkflowTemplate, { name: dto.name, active: true }, { active: false });
      const saved = await em.save(
        em.create(WorkflowTemplate, {
          name: dto.name,
          nameKm: dto.nameKm?.trim() || null,
          documentType: dto.documentType,
          condition: (dto.condition as Condition | undefined) ?? null,
          version,
          active: dto.active ?? true,
          stages,
          createdById: actor.id,
        }),
      );
      const type = await this.saveTypeNames(em, dto);
      await this.audit.append(em, {
        stream: `workflow:${dto.name}`,
        action: 'workflow.saved',
        actorId: actor.id,
        entityType: 'workflow_template',
        entityId: saved.id,
        data: {
          name: dto.name,
          ...(dto.nameKm?.trim() && { nameKm: dto.nameKm.trim() }),
          version,
          documentType: dto.documentType,
          active: dto.active ?? true,
          ...(dto.documentTypeNameKm !== undefined && { documentTypeNameKm: dto.documentTypeNameKm }),
          ...(dto.documentTypeNameEn !== undefined && { documentTypeNameEn: dto.documentTypeNameEn }),
        },
      });
      return toWorkflowDto(saved, type);
    });
  }

  /**
   * The ministry's templates, newest version first. Leaves out the approvals gateway's own `adhoc:`
   * templates (the route another module asked for, e.g. a meeting's minutes to its chair): nobody
   * picks or edits those.
   */
  async list(documentType?: string): Promise<WorkflowDto[]> {
    const notAdhoc = Not(Like('adhoc:%'));
    const rows = await this.dataSource.getRepository(WorkflowTemplate).find({
      where: documentType ? { documentType, name: notAdhoc } : { name: notAdhoc },
      order: { name: 'ASC', version: 'DESC' },
      take: 500,
    });
    const types = await this.typesByCode(
      this.dataSource.manager,
      rows.map((r) => r.documentType),
    );
    return rows.map((r) => toWorkflowDto(r, types.get(r.documentType)));
  }

  /**
   * Every document type a ministry template uses, and any other with names, by code: its display
   * names where an admin gave them (null where not).
   */
  async documentTypes(): Promise<DocumentTypeDto[]> {
    const rows: DocumentTypeDto[] = await this.dataSource.query(
      `SELECT c.code, t.name_km AS "nameKm", t.name_en AS "nameEn"
         FROM (SELECT DISTINCT document_type AS code FROM workflow_templates WHERE name NOT LIKE 'adhoc:%'
               UNION SELECT code FROM document_types) c
         LEFT JOIN document_types t ON t.code = c.code
        ORDER BY c.code`,
    );
    return rows.map((r) => ({ code: r.code, nameKm: r.nameKm ?? null, nameEn: r.nameEn ?? null }));
  }

  async typesByCode(em: EntityManager, codes: string[]): Promise<Map<string, DocumentType>> {
    const unique = [...new Set(codes)];
    if (!unique.length) return new Map();
    const rows = await em.findBy(DocumentType, { code: In(unique) });
    return new Map(rows.map((r) => [r.code, r]));
  }

  /** The names given with a template, saved for its type (a name left out keeps the saved one). */
  private async saveTypeNames(em: EntityManager, dto: CreateWorkflowDto): Promise<DocumentType | null> {
    const existing = await em.findOneBy(DocumentType, { code: dto.documentType });
    if (dto.documentTypeNameKm === undefined && dto.documentTypeNameEn === undefined) return existing;
    const nameKm = dto.documentTypeNameKm?.trim() || existing?.nameKm || null;
    const nameEn = dto.documentTypeNameEn?.trim() || existing?.nameEn || null;
    await em.upsert(DocumentType, { code: dto.documentType, nameKm, nameEn }, ['code']);
    return em.findOneByOrFail(DocumentType, { code: dto.documentType });
  }

  /**
   * The active templates of the document's type that apply to it (see `applicableTemplates`): the
   * only ones a submitter may choose, the first being the default. 400 METADATA_NUMBER_REQUIRED
   * when a template compares a field with a number the document does not give as one, of zero or
   * more (the choice
   * would fall to a weaker route), unless `numbersRequired` is false (an admin's look at one
   * template's route, which then simply does not apply).
   */
  async applicableFor(
    em: EntityManager,
    doc: Document,
    { numbersRequired = true }: { numbersRequired?: boolean } = {},
  ): Promise<WorkflowTemplate[]> {
    return this.applicableAmong(await this.activeOfType(em, doc.documentType), doc, numbersRequired);
  }

  /**
   * Whether the template a request started with still applies to the document as it now reads
   * (its details changed while it was returned): its condition must still be among the most
   * specific that hold, beside the active templates of the type, else a submitter could raise an
   * amount past a threshold and keep the shorter route. Null when it applies; else the template
   * that would apply now (for the refusal to name). 400 METADATA_NUMBER_REQUIRED as applicableFor.
   */
  async replacementFor(
    em: EntityManager,
    doc: Document,
    started: WorkflowTemplate,
  ): Promise<WorkflowTemplate | null> {
    const active = await this.activeOfType(em, doc.documentType);
    const applicable = this.applicableAmong(
      [started, ...active.filter((t) => t.id !== started.id)],
      doc,
      true,
    );
    if (applicable.some((t) => t.id === started.id)) return null;
    return applicable[0] ?? started;
  }

  private activeOfType(em: EntityManager, documentType: string): Promise<WorkflowTemplate[]> {
    return em.findBy(WorkflowTemplate, { documentType, active: true });
  }

  /** Those of `candidates` that apply to the document (400 METADATA_NUMBER_REQUIRED as applicableFor). */
  private applicableAmong(
    candidates: WorkflowTemplate[],
    doc: Document,
    numbersRequired: boolean,
  ): WorkflowTemplate[] {
    if (numbersRequired) assertNumbersGiven(candidates, doc.metadata ?? {});
    return applicableTemplates(candidates, doc.metadata ?? {});
  }

  /**
   * The template for a document: the default (most specific active match, then newest), or the
   * submitter's `workflowId` when it is one of the applicable templates, else 400
   * WORKFLOW_NOT_APPLICABLE (an unknown id, another type, an inactive version, a condition that does
   * not hold, or a less specific match that would weaken the route). Reads only.
   */
  async chooseFor(em: EntityManager, doc: Document, workflowId?: string): Promise<WorkflowTemplate> {
    const applicable = await this.applicableFor(em, doc);
    if (workflowId) {
      const chosen = applicable.find((t) => t.id === workflowId);
      if (!chosen) {
        throw badRequest(
          'WORKFLOW_NOT_APPLICABLE',
          'This workflow template does not apply to this document: choose one of the applicable templates or none',
          [
            {
              field: 'workflowId',
              problems: [
                'not an active template of this document type whose condition is the one that applies',
              ],
              applicable: applicable.map((t) => t.id),
            },
          ],
        );
      }
      return chosen;
    }
    if (!applicable.length) {
      throw conflict(
        'NO_WORKFLOW_FOR_DOCUMENT',
        `No active workflow template for document type '${doc.documentType}' matches this document`,
      );
    }
    return applicable[0];
  }

  /** Each approver in exactly one of its three forms; quorum only (and required) for mode quorum. */
  private normalizeStages(dto: CreateWorkflowDto): StageSpec[] {
    return dto.stages.map((s, i) => {
      const approvers: ApproverSpec[] = s.approvers.map((a, j) => {
        const forms = [
          a.userId !== undefined,
          a.orgUnitId !== undefined || a.post !== undefined,
          a.relative !== undefined,
        ];
        const field = `stages[${i}].approvers[${j}]`;
        if (forms.filter(Boolean).length !== 1) {
          throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
            { field, problems: ['must be exactly one of { userId }, { orgUnitId, post } or { relative }'] },
          ]);
        }
        if (a.userId) return { userId: a.userId };
        if (a.relative) return { relative: a.relative };
        if (!a.orgUnitId || !a.post) {
          throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
            { field, problems: ['orgUnitId and post go together'] },
          ]);
        }
        return { orgUnitId: a.orgUnitId, post: a.post };
      });
      if (s.mode === 'quorum' && !s.quorum) {
        throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
          { field: `stages[${i}].quorum`, problems: ['quorum is required for mode quorum'] },
        ]);
      }
      if (s.mode !== 'quorum' && s.quorum !== undefined) {
        throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
          { field: `stages[${i}].quorum`, problems: ['quorum is only for mode quorum'] },
        ]);
      }
      return {
        name: s.name,
        nameKm: s.nameKm?.trim() || null,
        mode: s.mode,
        quorum: s.mode === 'quorum' ? s.quorum! : null,
        approvers,
        slaHours: s.slaHours ?? null,
        escalateToUserId: s.escalateToUserId ?? null,
      };
    });
  }

  /**
   * Refuses a template that would route to nobody: a stage without approvers, an unknown or disabled
   * user, a unit that does not exist, or a stage whose fixed posts are all vacant today with no
   * escalation target. (Relative approvers depend on the submitter, so they are checked at run time.)
   */
  private async checkRoutes(em: EntityManager, stages: StageSpec[]): Promise<void> {
    for (const [i, s] of stages.entries()) {
      if (s.approvers.length === 0) throw nobody(i, 'approvers', 'the stage has no approvers');
      if (s.mode === 'quorum' && s.quorum! > s.approvers.length && s.approvers.every((a) => 'userId' in a)) {
        throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
          { field: `stages[${i}].quorum`, problems: ['quorum is larger than the number of approvers'] },
        ]);
      }
      let escalationOk = false;
      if (s.escalateToUserId) {
        const u = await this.org.findUserById(s.escalateToUserId, em);
        if (!u || u.status === 'disabled') throw nobody(i, 'escalateToUserId', 'no such active user');
        escalationOk = true;
      }
      let reachable = false;
      for (const [j, a] of s.approvers.entries()) {
        if ('userId' in a) {
          const u = await this.org.findUserById(a.userId, em);
          if (!u || u.status === 'disabled') throw nobody(i, `approvers[${j}].userId`, 'no such active user');
          reachable = true;
        } else if ('orgUnitId' in a) {
          if (!(await this.org.getUnit(a.orgUnitId, em))) {
            throw nobody(i, `approvers[${j}].orgUnitId`, 'no such org unit');
          }
          if ((await this.org.currentHolders(em, a.orgUnitId, a.post)).length) reachable = true;
        } else {
          reachable = true;
        }
      }
      if (!reachable && !escalationOk) {
        throw nobody(i, 'approvers', 'every post of the stage is vacant and it has no escalation target');
      }
    }
  }
}

/** 400 METADATA_NUMBER_REQUIRED when a template compares a field the metadata does not give as a number. */
function assertNumbersGiven(candidates: WorkflowTemplate[], metadata: Record<string, unknown>): void {
  const missing = missingNumbers(candidates, metadata);
  if (!missing.length) return;
  throw badRequest(
    'METADATA_NUMBER_REQUIRED',
    `Which workflow applies depends on ${missing.join(', ')}: give ${missing.length > 1 ? 'them' : 'it'} as a number of zero or more (digits, no separators)`,
    missing.map((field) => ({
      field: `metadata.${field}`,
      problems: ['must be a number of zero or more'],
    })),
  );
}
