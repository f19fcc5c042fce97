import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SignedLinks } from '../common/auth/signed-links.js';
import { AppConfig } from '../config/app-config.js';
import { FilesService } from '../files/files.service.js';
import { OrgService } from '../org/org.service.js';
import { ApprovalsAccess } from './approvals-access.js';
import { DocumentSubjects } from './document-subjects.js';
import { metadataDiff } from './domain/metadata-diff.js';
import { formatVerificationCode } from './domain/verification-code.js';
import type {
  DocumentDto,
  DocumentSummaryDto,
  PersonDto,
  SignedCopyDto,
  TaskDto,
  VersionDto,
} from './dto/document.dto.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask } from './entities/approval-task.entity.js';
import { DocumentVersion } from './entities/document-version.entity.js';
import type { Document } from './entities/document.entity.js';
import { hydrate } from './rows.js';
import { preparedQuery } from '../database/prepared-query.js';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Builds what the API answers about documents (one place, so every route shows the same thing). */
@Injectable()
export class DocumentViewsService {
  constructor(
    private readonly org: OrgService,
    private readonly config: AppConfig,
    private readonly links: SignedLinks,
    private readonly access: ApprovalsAccess,
    private readonly subjects: DocumentSubjects,
    private readonly files: FilesService,
  ) {}

  verificationUrl(code: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/verify/${formatVerificationCode(code)}`;
  }

  summary(d: Document): DocumentSummaryDto {
    return {
      id: d.id,
      title: d.title,
      documentType: d.documentType,
      orgUnitId: d.orgUnitId,
      classification: d.classification,
      status: d.status,
      submitterId: d.submitterId,
      currentVersionNo: d.currentVersionNo,
      referenceNumber: d.referenceNumber,
      verificationCode: d.verificationCode,
      dueAt: iso(d.dueAt),
      submittedAt: iso(d.submittedAt),
      approvedAt: iso(d.approvedAt),
      revokedAt: iso(d.revokedAt),
      createdAt: iso(d.createdAt)!,
      updatedAt: iso(d.updatedAt)!,
    };
  }

  /** The document as `viewer` sees it: its download links are signed for them. */
  async detail(
    em: EntityManager,
    d: Document,
    viewer: { id: string; sessionId: string; roles?: string[] },
  ): Promise<DocumentDto> {
    return (await this.detailWith(em, d, viewer)).dto;
  }

  /** A decision's answer: the task as it is now and its document, from one read of the request. */
  async decision(
    em: EntityManager,
    d: Document,
    taskId: string,
    viewer: { id: string; sessionId: string; roles?: string[] },
  ): Promise<{ task: TaskDto; document: DocumentDto }> {
    const { dto, taskViews } = await this.detailWith(em, d, viewer);
    const task = taskViews.find((t) => t.id === taskId);
    if (!task) throw new Error(`task ${taskId} is not one of document ${d.id}`);
    return { task, document: dto };
  }

  /**
   * The document's versions, request, stages and tasks, the issuing unit and the people named, in
   * one query (they were eight). Users and units belong to the org module: only the names shown
   * here are read, through its views `org_people` and `org_unit_names`, as the inbox does.
   */
  private async detailWith(
    em: EntityManager,
    d: Document,
    viewer: { id: string; sessionId: string; roles?: string[] },
  ): Promise<{ dto: DocumentDto; taskViews: TaskDto[] }> {
    const [row] = await preparedQuery<{
      versions: Record<string, unknown>[];
      request: Record<string, unknown> | null;
      stages: Record<string, unknown>[];
      tasks: Record<string, unknown>[];
      unit: { id: string; code: string; name: string; nameKm: string | null } | null;
      people: PersonDto[];
    }>(
      em,
      'approvals_document_detail',
      `WITH t AS (
         SELECT t.* FROM approval_tasks t JOIN approval_requests r ON r.id = t.request_id WHERE r.document_id = $1
       )
       SELECT
         (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.no), '[]') FROM document_versions v
           WHERE v.document_id = $1) AS versions,
         (SELECT (to_jsonb(r) - 'acted_before') FROM approval_requests r WHERE r.document_id = $1) AS request,
         (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.index), '[]') FROM approval_stages s
           JOIN approval_requests r ON r.id = s.request_id WHERE r.document_id = $1) AS stages,
         (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.created_at, t.id), '[]') FROM t) AS tasks,
         (SELECT jsonb_build_object('id', u.id, 'code', u.code, 'name', u.name, 'nameKm', u.name_km)
            FROM org_unit_names u WHERE u.id = $2) AS unit,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'fullName', u.full_name, 'fullNameKm', u.full_name_km)), '[]')
            FROM org_people u
           WHERE u.id = $3 OR u.id IN (SELECT assignee_id FROM t) OR u.id IN (SELECT acting_for_id FROM t)) AS people`,
      [d.id, d.orgUnitId, d.submitterId],
    );
    const versions = row.versions.map((v) => hydrate(em, DocumentVersion, v));
    const request = row.request ? hydrate(em, ApprovalRequest, row.request) : null;
    const stages = row.stages.map((v) => hydrate(em, ApprovalStage, v));
    const tasks = row.tasks.map((v) => hydrate(em, ApprovalTask, v));
    const people = new Map(row.people.map((p) => [p.id, p]));
    const unit = row.unit;
    const stageOf = new Map(stages.map((s) => [s.id, s]));
    const taskViews = tasks.map((t) => this.task(t, stageOf.get(t.stageId)!, people));
    const versionViews: VersionDto[] = versions.map((v, i) => ({
      no: v.no,
      sha256: v.sha256,
      size: v.size,
      mime: v.mime,
      fileName: v.fileName,
      hasFile: !!v.fileId,
      body: v.body,
      authorId: v.authorId,
      note: v.note,
      metadata: v.metadataSnapshot,
      metadataDiff: i === 0 ? [] : metadataDiff(versions[i - 1].metadataSnapshot, v.metadataSnapshot),
      createdAt: iso(v.createdAt)!,
      downloadUrl: this.links.sign(`/api/v1/documents/${d.id}/versions/${v.no}/file`, viewer),
    }));
    const active = stages.find((s) => s.status === 'active');
    const dto: DocumentDto = {
      ...this.summary(d),
      metadata: d.metadata,
      issuingUnit: unit ? { id: unit.id, code: unit.code, name: unit.name, nameKm: unit.nameKm } : null,
      submitter: people.get(d.submitterId) ?? null,
      verificationUrl:
        d.verificationCode && d.status === 'approved' ? this.verificationUrl(d.verificationCode) : null,
      qrCodeUrl:
        d.verificationCode && d.status === 'approved'
          ? this.links.sign(`/api/v1/documents/${d.id}/qr.svg`, viewer)
          : null,
      signedCopy: d.status === 'approved' ? await this.signedCopy(em, d.id, viewer) : null,
      revocationReason: d.revocationReason,
      mayRevoke: d.status === 'approved' && !d.revokedAt && (await this.access.mayRevoke(em, viewer, d)),
      subject: await this.subjects.of(em, d),
      versions: versionViews,
      request: request
        ? {
            id: request.id,
            templateId: request.templateId,
            templateVersion: request.templateVersion,
            status: request.status,
            currentStage: request.currentStage,
            round: request.round,
            versionNo: request.versionNo,
            startedAt: iso(request.startedAt)!,
            finishedAt: iso(request.finishedAt),
          }
        : null,
      stages: stages.map((s) => ({
        id: s.id,
        index: s.index,
        name: s.name,
        nameKm: s.nameKm ?? null,
        mode: s.mode,
        quorum: s.quorum,
        status: s.status,
        slaHours: s.slaHours,
        escalateToUserId: s.escalateToUserId,
        activatedAt: iso(s.activatedAt),
        completedAt: iso(s.completedAt),
        routingNotes: s.routingNotes,
        tasks: taskViews.filter((t) => t.stageIndex === s.index),
      })),
      tasks: active ? taskViews.filter((t) => t.stageIndex === active.index && t.status === 'pending') : [],
    };
    return { dto, taskViews };
  }

  /** The signed copy's facts, once the worker made it; its link is signed for `viewer`. */
  private async signedCopy(
    em: EntityManager,
    documentId: string,
    viewer: { id: string; sessionId: string },
  ): Promise<SignedCopyDto | null> {
    const [row] = await em.query<{ sha256: string; file_id: string; at: Date }[]>(
      `SELECT signed_copy_sha256 AS sha256, signed_copy_file_id AS file_id, signed_copy_at AS at
         FROM document_signatures WHERE document_id = $1 AND signed_copy_file_id IS NOT NULL`,
      [documentId],
    );
    const file = row ? await this.files.get(row.file_id, em) : null;
    if (!row || !file) return null;
    return {
      sha256: row.sha256,
      size: Number(file.size),
      url: this.links.sign(`/api/v1/documents/${documentId}/signed-copy.pdf`, viewer),
      createdAt: iso(row.at)!,
    };
  }

  task(t: ApprovalTask, stage: ApprovalStage, people: Map<string, PersonDto>): TaskDto {
    return {
      id: t.id,
      documentId: t.documentId,
      stageIndex: stage.index,
      stageName: stage.name,
      stageNameKm: stage.nameKm ?? null,
      assigneeId: t.assigneeId,
      assignee: people.get(t.assigneeId) ?? null,
      actingForId: t.actingForId,
      actingFor: t.actingForId ? (people.get(t.actingForId) ?? null) : null,
      status: t.status,
      origin: t.origin,
      versionNo: t.versionNo,
      current: t.round === stage.round,
      dueAt: iso(t.dueAt),
      decidedAt: iso(t.decidedAt),
      comment: t.comment,
      remindedAt: iso(t.remindedAt),
      escalatedAt: iso(t.escalatedAt),
    };
  }

  async taskView(em: EntityManager, t: ApprovalTask): Promise<TaskDto> {
    const stage = await em.findOneByOrFail(ApprovalStage, { id: t.stageId });
    return this.task(t, stage, await this.people(em, [t.assigneeId, t.actingForId ?? '']));
  }

  async people(em: EntityManager, ids: string[]): Promise<Map<string, PersonDto>> {
    const users = await this.org.findUsersByIds(ids.filter(Boolean), em);
    return new Map(users.map((u) => [u.id, { id: u.id, fullName: u.fullName, fullNameKm: u.fullNameKm }]));
  }
}
