import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { hasStarted } from './dates.js';
import { canMeetingTransition, nextMeetingStatus } from './domain/meeting-state.js';
import { nextMinutesStatus } from './domain/minutes-state.js';
import type { AttendanceEntryDto } from './dto/attendance.dto.js';
import type { AttendanceResultDto } from './dto/meeting-views.dto.js';
import { meetingName } from './meeting-dtos.js';
import { MeetingParticipant } from './entities/meeting-participant.entity.js';
import { MeetingsAccess } from './meetings.access.js';
import { MeetingsService } from './meetings.service.js';
import { quorumState } from './quorum.js';

/** Attendance: who came, who sent apologies; it makes a meeting held and decides its quorum. */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  setAttendance(id: string, entries: AttendanceEntryDto[], user: AuthUser): Promise<AttendanceResultDto> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user, true);
      this.access.assertEditor(meeting, user);
      // Attendance is part of the minutes: recorded while they are editable, never once submitted.
      nextMeetingStatus(meeting.status, 'record');
      nextMinutesStatus(meeting.minutesStatus, 'record_attendance');
      // Before the meeting begins only apologies (excused) can be known: a present or absent mark
      // means the secretary picked the wrong meeting (or the wrong day), so it is refused whole.
      const started = hasStarted(meeting);
      if (!started && entries.some((e) => e.status !== 'excused')) {
        throw conflict(
          'MEETING_NOT_STARTED',
          'The meeting has not started: only apologies (excused) can be recorded before it begins',
          { startsAt: meeting.startsAt.toISOString() },
        );
      }
      const rows = await em.find(MeetingParticipant, {
        where: { meetingId: id, id: In(entries.map((e) => e.participantId)) },
      });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const unknown = entries.filter((e) => !byId.has(e.participantId)).map((e) => e.participantId);
      if (unknown.length) {
        throw badRequest('UNKNOWN_PARTICIPANT', `Not participants of this meeting: ${unknown.join(', ')}`);
      }
      for (const e of entries) {
        const row = byId.get(e.participantId)!;
        if (row.attendance !== e.status) {
          row.attendance = e.status;
          await em.save(row);
        }
      }
      const participants = await this.meetings.participants(em, id);
      // Held: it has begun and someone is recorded present (apologies or absences alone are not a meeting).
      if (
        started &&
        canMeetingTransition(meeting.status, 'hold') &&
        participants.some((p) => p.attendance === 'present')
      ) {
        meeting.status = nextMeetingStatus(meeting.status, 'hold');
        await em.save(meeting);
      }
      const quorum = quorumState(meeting, participants);
      await this.audit.append(em, {
        stream: `meeting:${id}`,
        action: 'meeting.attendance_recorded',
        actorId: user.id,
        entityType: 'meeting',
        entityId: id,
        // A member by account too, which the audit page names; a guest (no account) by the
        // participant id alone: an outsider's name is not written into a log that cannot be erased.
        data: {
          entries: entries.map((e) => {
            const { userId } = byId.get(e.participantId)!;
            return { participantId: e.participantId, status: e.status, ...(userId ? { userId } : {}) };
          }),
          quorumMet: quorum.met,
        },
      });
      return { participants, quorum, quorumMet: quorum.met };
    });
  }

  /**
   * A participant sends their apologies for a meeting that has not begun (`sent`), or takes them
   * back: their own mark becomes `excused`, or `unknown` again. Only before the start (after it the
   * secretary records who came: 409 MEETING_STARTED), while the minutes are editable and the
   * meeting is not cancelled; someone not invited may not (403 NOT_PARTICIPANT). The secretary is
   * told, through the outbox. Sending twice changes nothing the second time.
   */
  setMyApology(id: string, sent: boolean, user: AuthUser): Promise<AttendanceResultDto> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user, true);
      nextMeetingStatus(meeting.status, 'record');
      nextMinutesStatus(meeting.minutesStatus, 'record_attendance');
      if (hasStarted(meeting)) {
        throw conflict(
          'MEETING_STARTED',
          'The meeting has begun: the secretary records who came and who sent apologies',
          { startsAt: meeting.startsAt.toISOString() },
        );
      }
      const mine = await em.findOne(MeetingParticipant, { where: { meetingId: id, userId: user.id } });
      if (!mine)
        throw forbidden('NOT_PARTICIPANT', 'Only those invited to the meeting send apologies for it');
      const to = sent ? 'excused' : 'unknown';
      const changed = sent ? mine.attendance !== 'excused' : mine.attendance === 'excused';
      let entry: { seq: number } | null = null;
      if (changed) {
        mine.attendance = to;
        await em.save(mine);
        entry = await this.audit.append(em, {
          stream: `meeting:${id}`,
          action: sent ? 'meeting.apology_sent' : 'meeting.apology_withdrawn',
          actorId: user.id,
          entityType: 'meeting',
          entityId: id,
          data: { participantId: mine.id },
        });
      }
      const participants = await this.meetings.participants(em, id);
      if (entry && meeting.secretaryUserId && meeting.secretaryUserId !== user.id) {
        const me = participants.find((p) => p.id === mine.id)!;
        await this.notifications.notify(em, {
          userIds: [meeting.secretaryUserId],
          template: sent ? 'meeting.apology' : 'meeting.apology_withdrawn',
          params: {
            meeting: meetingName(meeting),
            person: { km: me.nameKm ?? me.name, en: me.name },
            startsAt: meeting.startsAt.toISOString(),
          },
          link: `/meetings/${id}`,
          // Sent, taken back and sent again: each its own notice, keyed by its audit entry.
          eventKey: `meeting:${id}:apology:${mine.id}:${entry.seq}`,
        });
      }
      const quorum = quorumState(meeting, participants);
      return { participants, quorum, quorumMet: quorum.met };
    });
  }
}
