import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatVerificationCode } from '../approvals/domain/verification-code.js';
import { AuditService } from '../audit/audit.service.js';
import type { JobContext, JobPayloads } from '../outbox/jobs.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { canErratumTransition, nextErratumStatus } from './domain/erratum-state.js';
import { canMinutesTransition, nextMinutesStatus } from './domain/minutes-state.js';
import { Meeting } from './entities/meeting.entity.js';
import { MinutesErratum } from './entities/minutes-erratum.entity.js';
import { meetingName } from './meeting-dtos.js';
import { MeetingsService } from './meetings.service.js';

/**
 * The DWF's decisions on minutes and errata (the `meetings.minutes_decided` job, in its
 * transaction): approved minutes lock and are published; returned or rejected ones are editable
 * again; an erratum is approved or rejected once.
 */
@Injectable()
export class MinutesDecisionsService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The DWF decided on the minutes' document (called in the approvals job's transaction).
   * Approved: the minutes lock and are published to the body's members with the verification
   * code. Returned or rejected: back to draft, editable again. Idempotent: a decision about a
   * document that is no longer the meeting's current one, or already applied, does nothing.
   */
  async applyDecision(
    em: EntityManager,
    documentId: string,
    decision: {
      status: 'approved' | 'returned' | 'rejected' | 'withdrawn';
      verificationCode?: string | null;
      at?: Date;
    },
  ): Promise<void> {
    const erratum = await em.findOne(MinutesErratum, {
      where: { documentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (erratum) return this.applyErratumDecision(em, erratum, decision);
    const meeting = await em.findOne(Meeting, {
      where: { minutesDocumentId: documentId },
      lock: { mode: 'pessimistic_write' },
    });
    const event = decision.status === 'approved' ? 'approve' : 'return';
    if (!meeting || !canMinutesTransition(meeting.minutesStatus, event)) return;
    meeting.minutesStatus = nextMinutesStatus(meeting.minutesStatus, event);
    if (event === 'return') {
      await em.save(meeting);
      await this.audit.append(em, {
        stream: `meeting:${meeting.id}`,
        action: `minutes.${decision.status}`,
        actorId: null,
        entityType: 'meeting',
        entityId: meeting.id,
        data: { documentId },
      });
      return;
    }
    meeting.minutesApprovedAt = decision.at ?? new Date();
    meeting.minutesVerificationCode = decision.verificationCode ?? null;
    await em.save(meeting);
    await this.audit.append(em, {
      stream: `meeting:${meeting.id}`,
      action: 'minutes.approved',
      actorId: null,
      entityType: 'meeting',
      entityId: meeting.id,
      data: {
        documentId,
        revision: meeting.minutesSubmittedRevision,
        verificationCode: meeting.minutesVerificationCode,
      },
    });
    await this.notifications.notify(em, {
      userIds: await this.meetings.audienceOf(em, meeting),
      template: 'minutes.published',
      params: {
        meeting: meetingName(meeting),
        verificationCode: meeting.minutesVerificationCode
          ? formatVerificationCode(meeting.minutesVerificationCode)
          : '-',
      },
      link: `/meetings/${meeting.id}`,
      eventKey: `meeting:${meeting.id}:minutes-approved`,
    });
  }

  /** The approvals engine's report of a decision on a minutes (or erratum) document. */
  async onMinutesDecided(
    payload: JobPayloads['meetings.minutes_decided'],
    { em }: JobContext,
  ): Promise<void> {
    await this.applyDecision(em, payload.documentId, {
      status: payload.status,
      verificationCode: payload.verificationCode,
      at: new Date(payload.decidedAt),
    });
  }

  private async applyErratumDecision(
    em: EntityManager,
    erratum: MinutesErratum,
    decision: { status: string; verificationCode?: string | null; at?: Date },
  ): Promise<void> {
    const event = decision.status === 'approved' ? 'approve' : 'reject';
    if (!canErratumTransition(erratum.status, event)) return;
    erratum.status = nextErratumStatus(erratum.status, event);
    erratum.verificationCode = decision.verificationCode ?? null;
    erratum.decidedAt = decision.at ?? new Date();
    await em.save(erratum);
    await this.audit.append(em, {
      stream: `meeting:${erratum.meetingId}`,
      action: erratum.status === 'approved' ? 'erratum.approved' : 'erratum.rejected',
      actorId: null,
      entityType: 'minutes_erratum',
      entityId: erratum.id,
      data: { documentId: erratum.documentId },
    });
    if (erratum.status === 'approved') {
      const meeting = await em.findOneByOrFail(Meeting, { id: erratum.meetingId });
      await this.notifications.notify(em, {
        userIds: await this.meetings.audienceOf(em, meeting),
        template: 'minutes.published',
        params: {
          meeting: { km: `${meeting.titleKm ?? meeting.title} (កំណែតម្រូវ)`, en: `${meeting.title} (erratum)` },
          verificationCode: erratum.verificationCode ? formatVerificationCode(erratum.verificationCode) : '-',
        },
        link: `/meetings/${meeting.id}`,
        eventKey: `erratum:${erratum.id}:approved`,
      });
    }
  }
}
