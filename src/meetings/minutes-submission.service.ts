import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { TransactionService } from '../database/transaction.service.js';
import { canMeetingTransition, nextMeetingStatus } from './domain/meeting-state.js';
import { nextMinutesStatus } from './domain/minutes-state.js';
import { submitBlock, submitRefusal } from './domain/submission.js';
import type { CreateErratumDto } from './dto/minutes.dto.js';
import type { ErratumDto, MinutesDto } from './dto/meeting-views.dto.js';
import { MinutesErratum } from './entities/minutes-erratum.entity.js';
import { toErratumDto } from './meeting-dtos.js';
import { MeetingsAccess } from './meetings.access.js';
import { MinutesApproval } from './minutes-approval.js';
import { MinutesPrintService } from './minutes-print.service.js';
import { MinutesService } from './minutes.service.js';

/**
 * Sending minutes to the DWF, the chair approving: the latest revision (as its printable page), or
 * an erratum to approved minutes. Each one transaction with the DWF document (`MinutesApproval`).
 */
@Injectable()
export class MinutesSubmissionService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly minutes: MinutesService,
    private readonly print: MinutesPrintService,
    private readonly approval: MinutesApproval,
    private readonly audit: AuditService,
  ) {}

  /** Sends the latest revision to the DWF as a document of type `minutes`, the chair approving. */
  submit(id: string, user: AuthUser): Promise<MinutesDto> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user, true);
      this.access.assertSecretary(meeting, user);
      // Only the minutes of a meeting that was held, and decisions only with a quorum.
      const facts = await this.minutes.submissionFacts(em, meeting);
      const block = submitBlock(facts);
      if (block) throw submitRefusal(block, facts);
      const html = await this.print.printHtml(em, meeting, meeting.minutesRevision);
      const { documentId } = await this.approval.submit(em, {
        kind: 'minutes',
        meeting,
        submitterId: user.id,
        title: `កំណត់ហេតុប្រជុំ ${meeting.titleKm ?? meeting.title}`,
        html,
        returnedDocumentId: meeting.minutesDocumentId,
      });
      // Submitted minutes say it took place (a row marked present without the attendance route).
      if (canMeetingTransition(meeting.status, 'hold'))
        meeting.status = nextMeetingStatus(meeting.status, 'hold');
      meeting.minutesStatus = nextMinutesStatus(meeting.minutesStatus, 'submit');
      meeting.minutesSubmittedRevision = meeting.minutesRevision;
      meeting.minutesDocumentId = documentId;
      await em.save(meeting);
      await this.audit.append(em, {
        stream: `meeting:${id}`,
        action: 'minutes.submitted',
        actorId: user.id,
        entityType: 'meeting',
        entityId: id,
        data: { revision: meeting.minutesRevision, documentId },
      });
      return this.minutes.view(em, meeting, undefined, user);
    });
  }

  /** A correction to approved minutes, itself approved through the DWF by the chair. */
  createErratum(id: string, dto: CreateErratumDto, user: AuthUser): Promise<ErratumDto> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user, true);
      this.access.assertEditor(meeting, user);
      meeting.minutesStatus = nextMinutesStatus(meeting.minutesStatus, 'correct');
      const erratum = await em.save(
        em.create(MinutesErratum, { meetingId: id, text: dto.text, authorId: user.id }),
      );
      const { documentId } = await this.approval.submit(em, {
        kind: 'minutes_erratum',
        meeting,
        submitterId: user.id,
        title: `កំណែតម្រូវកំណត់ហេតុប្រជុំ ${meeting.titleKm ?? meeting.title}`,
        html: `<!DOCTYPE html><html lang="km"><meta charset="utf-8"><body><p>${escapeText(dto.text)}</p></body></html>`,
      });
      erratum.documentId = documentId;
      await em.save(erratum);
      await this.audit.append(em, {
        stream: `meeting:${id}`,
        action: 'erratum.submitted',
        actorId: user.id,
        entityType: 'minutes_erratum',
        entityId: erratum.id,
        data: { documentId },
      });
      return toErratumDto(erratum);
    });
  }
}

const escapeText = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
