import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApprovalsGateway } from '../approvals/approvals-gateway.service.js';
import { type RequestDecided, RequestOutcomes } from '../approvals/request-outcomes.js';
import { OrgService } from '../org/org.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import type { Meeting } from './entities/meeting.entity.js';

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
 * (MinutesService.onMinutesDecided).
 */
@Injectable()
export class MinutesApproval implements OnModuleInit {
  constructor(
    private readonly gateway: ApprovalsGateway,
    private readonly outcomes: RequestOutcomes,
    private readonly outbox: OutboxService,
    private readonly groups: WorkingGroupsService,
    private readonly org: OrgService,
  ) {}

  onModuleInit(): void {
    const kinds: MinutesApprovalInput['kind'][] = ['minutes', 'minutes_erratum'];
    for (const kind of kinds) this.outcomes.onDecided(kind, (em, event) => this.decided(em, event));
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

  async submit(
    em: EntityManager,
    input: MinutesApprovalInput,
  ): Promise<{ documentId: string; referenceNumber: string }> {
    const { meeting } = input;
    return this.gateway.submitForApproval(em, {
      submitterId: input.submitterId,
      title: input.title,
      documentType: input.kind,
      orgUnitId: await this.issuingUnit(em, meeting),
      classification: 'internal',
      metadata: { meetingId: meeting.id, bodyKey: meeting.bodyKey, revision: meeting.minutesRevision },
      content: { text: input.html, mime: 'text/html', fileName: `minutes-${meeting.id}.html` },
      approverIds: [meeting.chairUserId],
      stageName: 'Chair of the meeting',
      stageNameKm: 'ប្រធានអង្គប្រជុំ',
      mode: 'all',
    });
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
