import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApprovalsGateway } from '../approvals/approvals-gateway.service.js';
import { OrgService } from '../org/org.service.js';
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
 * stage is the meeting's chair, in the caller's transaction. The engine reports the decision back
 * as the `meetings.minutes_decided` job (MinutesService.onMinutesDecided).
 */
@Injectable()
export class MinutesApproval {
  constructor(
    private readonly gateway: ApprovalsGateway,
    private readonly groups: WorkingGroupsService,
    private readonly org: OrgService,
  ) {}

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
      stageName: 'ប្រធានអង្គប្រជុំ / Chair of the meeting',
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
