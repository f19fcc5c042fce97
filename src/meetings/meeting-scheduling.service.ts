import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssociationsAccess } from '../associations/associations-access.js';
import { AuditService } from '../audit/audit.service.js';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { badRequest, forbidden, notFound } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import { flattenAgenda } from './agenda.js';
import { lifecycleStatus, nextMeetingStatus } from './domain/meeting-state.js';
import type { CancelMeetingDto, CreateMeetingDto, RescheduleMeetingDto } from './dto/create-meeting.dto.js';
import type { MeetingDto } from './dto/meeting-views.dto.js';
import { AgendaItem } from './entities/agenda-item.entity.js';
import { MeetingParticipant, type ParticipantRole } from './entities/meeting-participant.entity.js';
import { Meeting } from './entities/meeting.entity.js';
import { meetingName } from './meeting-dtos.js';
import { MeetingRemindersService } from './meeting-reminders.service.js';
import { type Body, bodyKeyOf, MeetingsAccess } from './meetings.access.js';
import { MeetingsService } from './meetings.service.js';

/**
 * A meeting's place in the calendar: scheduling it (body, times, agenda, participants, the
 * invitation), moving it and cancelling it, each one transaction with its reminders (outbox),
 * notifications and audit entry.
 */
@Injectable()
export class MeetingSchedulingService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly meetings: MeetingsService,
    private readonly reminders: MeetingRemindersService,
    private readonly groups: WorkingGroupsService,
    private readonly associations: AssociationsAccess,
    private readonly org: OrgService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  create(dto: CreateMeetingDto, actor: AuthUser): Promise<MeetingDto> {
    const bodies = [dto.workingGroupId, dto.associationId, dto.orgUnitId].filter(Boolean);
    if (bodies.length !== 1) {
      throw badRequest(
        'MEETING_BODY_REQUIRED',
        'Give exactly one of workingGroupId, associationId, orgUnitId',
      );
    }
    const startsAt = new Date(dto.startsAt);
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
    if (endsAt && endsAt <= startsAt) throw badRequest('INVALID_TIMES', 'endsAt must be after startsAt');
    let flat: ReturnType<typeof flattenAgenda>;
    try {
      flat = flattenAgenda(dto.agenda ?? []);
    } catch (err) {
      throw badRequest('AGENDA_TOO_DEEP', (err as Error).message);
    }
    return this.tx.run(async (em) => {
      const body: Body = dto.workingGroupId
        ? { kind: 'wg', id: dto.workingGroupId }
        : dto.associationId
          ? { kind: 'association', id: dto.associationId }
          : { kind: 'unit', id: dto.orgUnitId! };
      await this.assertCanSchedule(em, body, actor);

      const participants = this.participantList(dto);
      const userIds = [
        dto.chairUserId,
        dto.secretaryUserId,
        ...participants.flatMap((p) => (p.userId ? [p.userId] : [])),
        ...flat.flatMap((f) => (f.presenterUserId ? [f.presenterUserId] : [])),
      ];
      const found = new Set((await this.org.findUsersByIds(userIds, em)).map((u) => u.id));
      const missing = [...new Set(userIds)].filter((id) => !found.has(id));
      if (missing.length) throw badRequest('UNKNOWN_USER', `Unknown user(s): ${missing.join(', ')}`);

      const meeting = await em.save(
        em.create(Meeting, {
          title: dto.title.trim(),
          titleKm: dto.titleKm?.trim() || null,
          workingGroupId: dto.workingGroupId ?? null,
          associationId: dto.associationId ?? null,
          orgUnitId: dto.orgUnitId ?? null,
          bodyKey: bodyKeyOf(body),
          startsAt,
          endsAt,
          location: dto.location ?? null,
          chairUserId: dto.chairUserId,
          secretaryUserId: dto.secretaryUserId,
          quorumCount: dto.quorum ?? null,
          quorumPercent: dto.quorum == null ? (dto.quorumPercent ?? null) : null,
          status: 'scheduled',
          minutesStatus: 'none',
          minutesRevision: 0,
          createdById: actor.id,
        }),
      );
      const ids: string[] = [];
      for (const f of flat) {
        const saved = await em.save(
          em.create(AgendaItem, {
            meetingId: meeting.id,
            parentId: f.parentIndex === null ? null : ids[f.parentIndex],
            position: f.position,
            title: f.title,
            presenterUserId: f.presenterUserId,
            durationMinutes: f.durationMinutes,
          }),
        );
        ids.push(saved.id);
      }
      await em.save(
        participants.map((p, position) =>
          em.create(MeetingParticipant, {
            meetingId: meeting.id,
            userId: p.userId,
            name: p.userId ? null : p.name,
            title: p.title,
            role: p.role,
            attendance: 'unknown',
            position,
          }),
        ),
      );
      await this.reminders.schedule(em, meeting.id, startsAt);
      if (startsAt.getTime() > Date.now()) {
        await this.notifications.notify(em, {
          userIds: participants.flatMap((p) => (p.userId && p.userId !== actor.id ? [p.userId] : [])),
          template: 'meeting.invitation',
          params: {
            meeting: meetingName(meeting),
            startsAt: startsAt.toISOString(),
            location: meeting.location ?? '',
          },
          link: `/meetings/${meeting.id}`,
          eventKey: `meeting:${meeting.id}:invited`,
        });
      }
      await this.audit.append(em, {
        stream: `meeting:${meeting.id}`,
        action: 'meeting.scheduled',
        actorId: actor.id,
        entityType: 'meeting',
        entityId: meeting.id,
        data: {
          bodyKey: meeting.bodyKey,
          startsAt: startsAt.toISOString(),
          participants: participants.length,
        },
      });
      return this.meetings.detail(em, meeting, actor);
    });
  }

  /** The listed participants, deduplicated by user, with the chair and the secretary added when missing. */
  private participantList(dto: CreateMeetingDto) {
    const out: { userId: string | null; name: string | null; title: string | null; role: ParticipantRole }[] =
      [];
    const seen = new Set<string>();
    const add = (userId: string, role: ParticipantRole) => {
      if (seen.has(userId)) return;
      seen.add(userId);
      out.push({ userId, name: null, title: null, role });
    };
    add(dto.chairUserId, 'chair');
    add(dto.secretaryUserId, 'secretary');
    for (const [i, p] of (dto.participants ?? []).entries()) {
      if (p.userId) {
        add(p.userId, p.role);
      } else if (p.name?.trim()) {
        out.push({ userId: null, name: p.name.trim(), title: p.title?.trim() || null, role: p.role });
      } else {
        throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
          { field: `participants.${i}`, problems: ['a participant needs a userId or a name'] },
        ]);
      }
    }
    return out;
  }

  private async assertCanSchedule(em: EntityManager, body: Body, actor: AuthUser): Promise<void> {
    const exists =
      body.kind === 'wg'
        ? !!(await this.groups.findGroup(em, body.id))
        : body.kind === 'unit'
          ? !!(await this.org.getUnit(body.id, em))
          : await this.associations
              .member({ ...actor, roles: ['admin'] }, body.id, em)
              .then(() => true)
              .catch(() => false);
    if (!exists) throw notFound('MEETING_BODY_NOT_FOUND', 'No such working group, association or org unit');
    if (await this.access.canSchedule(em, body, actor)) return;
    // A system administrator sees every body: told why, not that it does not exist.
    if (isAdmin(actor) || (await this.access.isBodyMember(em, body, actor))) {
      throw forbidden(
        'NOT_BODY_CHAIR',
        'Only the chair or secretary of the body (or an admin) schedules its meetings',
      );
    }
    throw notFound('MEETING_BODY_NOT_FOUND', 'No such working group, association or org unit');
  }

  cancel(id: string, dto: CancelMeetingDto, user: AuthUser): Promise<MeetingDto> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user, true);
      this.access.assertCanCancel(meeting, user);
      // A meeting not yet held may have minutes prepared in advance (a draft): it can still be cancelled.
      meeting.status = nextMeetingStatus(lifecycleStatus(meeting), 'cancel');
      meeting.cancelReason = dto.reason ?? null;
      await em.save(meeting);
      const people = await em.find(MeetingParticipant, { where: { meetingId: id } });
      await this.notifications.notify(em, {
        userIds: people.flatMap((p) => (p.userId && p.userId !== user.id ? [p.userId] : [])),
        template: 'meeting.cancelled',
        params: {
          meeting: meetingName(meeting),
          startsAt: meeting.startsAt.toISOString(),
          reason: dto.reason ?? '',
        },
        link: `/meetings/${id}`,
        eventKey: `meeting:${id}:cancelled`,
      });
      await this.audit.append(em, {
        stream: `meeting:${id}`,
        action: 'meeting.cancelled',
        actorId: user.id,
        entityType: 'meeting',
        entityId: id,
        data: { reason: dto.reason ?? null },
      });
      return this.meetings.detail(em, meeting, user);
    });
  }

  /**
   * Moves a meeting that has not been held: new times (and place), reminders for the new start
   * (those of the old start skip themselves), and the participants notified with an updated
   * calendar invitation (same UID, SEQUENCE raised by the `meeting.rescheduled` audit entry).
   */
  reschedule(id: string, dto: RescheduleMeetingDto, user: AuthUser): Promise<MeetingDto> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
    if (endsAt && endsAt <= startsAt) throw badRequest('INVALID_TIMES', 'endsAt must be after startsAt');
    if (startsAt.getTime() <= Date.now()) {
      throw badRequest('INVALID_TIMES', 'A meeting is moved to a time that has not yet come');
    }
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user, true);
      this.access.assertCanCancel(meeting, user);
      meeting.status = nextMeetingStatus(lifecycleStatus(meeting), 'reschedule');
      const before = {
        startsAt: meeting.startsAt.toISOString(),
        endsAt: meeting.endsAt?.toISOString() ?? null,
        location: meeting.location,
      };
      meeting.startsAt = startsAt;
      meeting.endsAt = endsAt;
      if (dto.location !== undefined) meeting.location = dto.location.trim() || null;
      await em.save(meeting);
      await this.reminders.schedule(em, meeting.id, startsAt);
      const n = await this.audit.count(em, `meeting:${id}`, 'meeting.rescheduled');
      await this.audit.append(em, {
        stream: `meeting:${id}`,
        action: 'meeting.rescheduled',
        actorId: user.id,
        entityType: 'meeting',
        entityId: id,
        data: {
          before,
          after: {
            startsAt: startsAt.toISOString(),
            endsAt: endsAt?.toISOString() ?? null,
            location: meeting.location,
          },
          reason: dto.reason ?? null,
        },
      });
      const people = await em.find(MeetingParticipant, { where: { meetingId: id } });
      await this.notifications.notify(em, {
        userIds: people.flatMap((p) => (p.userId && p.userId !== user.id ? [p.userId] : [])),
        template: 'meeting.rescheduled',
        params: {
          meeting: meetingName(meeting),
          startsAt: startsAt.toISOString(),
          location: meeting.location ?? '',
          reason: dto.reason ?? '',
        },
        link: `/meetings/${id}`,
        eventKey: `meeting:${id}:rescheduled:${n + 1}`,
      });
      return this.meetings.detail(em, meeting, user);
    });
  }
}
