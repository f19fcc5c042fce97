import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApprovalsGateway } from '../approvals/approvals-gateway.service.js';
import { type DocumentSubject, DocumentSubjects } from '../approvals/document-subjects.js';
import { type RequestDecided, RequestOutcomes } from '../approvals/request-outcomes.js';
import { AuditService } from '../audit/audit.service.js';
import { isUuid } from '../common/uuid.js';
import { OrgService } from '../org/org.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import { Meeting } from './entities/meeting.entity.js';
import { minutesFileName } from './minutes-file-name.js';

export interface MinutesApprovalInput {
  /** `minutes`, or `minutes_erratum` for a correction of approved minutes. */
  kind: 'minutes' | 'minutes_erratum';
  meeting: Meeting;
  submitterId: string;
  title: string;
  /** The printable minutes (UTF-8 HTML): the document's content, hashed and signed by the DWF. */
  html: string;
}

/**
 * The one place where the meetings module talks to the approvals engine: it creates and submits a
 * DWF document (type `minutes` or `minutes_erratum`, the printable HTML as its content) whose one
 * stage is the meeting's chair, in the caller's transaction. Each decision on those documents comes
 * back in the deciding transaction and is handed on as the `meetings.minutes_decided` job
 * (MinutesDecisionsService.onMinutesDecided).
 */
@Injectable()
export class MinutesApproval implements OnModuleInit {
  constructor(
    private readonly gateway: ApprovalsGateway,
    private readonly outcomes: RequestOutcomes,
    private readonly outbox: OutboxService,
    private readonly groups: WorkingGroupsService,
    private readonly org: OrgService,
    private readonly subjects: DocumentSubjects,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    const kinds: MinutesApprovalInput['kind'][] = ['minutes', 'minutes_erratum'];
    for (const kind of kinds) {
      this.outcomes.onDecided(kind, (em, event) => this.decided(em, event));
      this.subjects.register(kind, (em, doc) => this.subjectOf(em, doc));
    }
  }

  /**
   * The meeting a minutes (or erratum) document approves, from the meetings' own records: the
   * meeting's current minutes document or an erratum's, else (minutes returned and submitted again
   * as a new document) the meeting its metadata names, if that meeting's audit says it submitted
   * this document. A document merely given the type by hand has none.
   */
  private async subjectOf(
    em: EntityManager,
    doc: { id: string; metadata: Record<string, unknown> },
  ): Promise<DocumentSubject | null> {
    const [own] = await em.query<{ id: string }[]>(
      `SELECT id FROM meetings WHERE minutes_document_id = $1
       UNION ALL SELECT meeting_id FROM minutes_errata WHERE document_id = $1
       LIMIT 1`,
      [doc.id],
    );
    const id = own?.id ?? (await this.submittedFrom(em, doc));
    return id ? { type: 'meeting', id, link: `/meetings/${id}`, printLink: `/meetings/${id}/print` } : null;
  }

  /** The meeting the document's metadata names, if that meeting's audit stream says it submitted it. */
  private async submittedFrom(
    em: EntityManager,
    doc: { id: string; metadata: Record<string, unknown> },
  ): Promise<string | null> {
    const named = doc.metadata.meetingId;
    if (!isUuid(named)) return null;
    const submitted = await this.audit.count(
      em,
      `meeting:${named}`,
      ['minutes.submitted', 'erratum.submitted'],
      {
        documentId: doc.id,
      },
    );
    return submitted > 0 && (await em.existsBy(Meeting, { id: named })) ? named : null;
  }

  private async decided(em: EntityManager, event: RequestDecided): Promise<void> {
    await this.outbox.add(em, {
      name: 'meetings.minutes_decided',
      payload: {
        documentId: event.documentId,
        status: event.outcome,
        verificationCode: event.verificationCode,
        decidedAt: event.decidedAt.toISOString(),
      },
    });
  }

  /**
   * Sends the minutes (or an erratum) to the chair. Minutes returned for revision go again as the
   * next version of the same document (`returnedDocumentId`: the meeting's current one), so no
   * returned copy is left to be sent and signed beside the corrected minutes; otherwise a new
   * document.
   */
  async submit(
    em: EntityManager,
    input: MinutesApprovalInput & { returnedDocumentId?: string | null },
  ): Promise<{ documentId: string; referenceNumber: string }> {
    const { meeting } = input;
    const metadata = { meetingId: meeting.id, bodyKey: meeting.bodyKey, revision: meeting.minutesRevision };
    const content = {
      text: input.html,
      mime: 'text/html',
      fileName: minutesFileName(meeting, input.kind === 'minutes' ? 'Minutes' : 'Erratum', 'html'),
    };
    const resubmitted = input.returnedDocumentId
      ? await this.gateway.resubmitIfReturned(em, {
          documentId: input.returnedDocumentId,
          submitterId: input.submitterId,
          metadata,
          content,
        })
      : null;
    return (
      resubmitted ??
      this.gateway.submitForApproval(em, {
        submitterId: input.submitterId,
        title: input.title,
        documentType: input.kind,
        orgUnitId: await this.issuingUnit(em, meeting),
        classification: 'internal',
        metadata,
        content,
        approverIds: [meeting.chairUserId],
        stageName: 'Chair of the meeting',
        stageNameKm: 'ប្រធានអង្គប្រជុំ',
        mode: 'all',
      })
    );
  }

  /** The unit whose reference numbers the minutes take: the body's unit, else the chair's, else the submitter's. */
  private async issuingUnit(em: EntityManager, meeting: Meeting): Promise<string | null> {
    if (meeting.orgUnitId) return meeting.orgUnitId;
    if (meeting.workingGroupId) {
      const group = await this.groups.findGroup(em, meeting.workingGroupId);
      if (group?.orgUnitId) return group.orgUnitId;
    }
    return this.org.unitOfUser(meeting.chairUserId, em);
  }
}
