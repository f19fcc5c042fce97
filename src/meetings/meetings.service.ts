import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AssociationsAccess } from '../associations/associations-access.js';
import { SignedLinks } from '../common/auth/signed-links.js';
import { AuditService } from '../audit/audit.service.js';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { JobContext, JobPayloads } from '../outbox/jobs.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import { ActionItemsService } from './action-items.service.js';
import { agendaTree, flattenAgenda } from './agenda.js';
import { hasStarted } from './dates.js';
import { canMeetingTransition, lifecycleStatus, nextMeetingStatus } from './domain/meeting-state.js';
import { nextMinutesStatus } from './domain/minutes-state.js';
import type { AttendanceEntryDto } from './dto/attendance.dto.js';
import type { CancelMeetingDto, CreateMeetingDto, RescheduleMeetingDto } from './dto/create-meeting.dto.js';
import type { ListMeetingsQueryDto } from './dto/meeting-query.dto.js';
import type {
  AttendanceResultDto,
  MeetingDto,
  MeetingSummaryDto,
  ParticipantDto,
} from './dto/meeting-views.dto.js';
import { AgendaItem } from './entities/agenda-item.entity.js';
import { MeetingParticipant, type ParticipantRole } from './entities/meeting-participant.entity.js';
import { Meeting } from './entities/meeting.entity.js';
import { type Body, bodyKeyOf, bodyOf, MeetingsAccess } from './meetings.access.js';
import { quorumState } from './quorum.js';

/** Reminders before a meeting: a day before and an hour before. */
export const REMINDERS = [
  { kind: '24h', beforeMs: 24 * 3600_000 },
  { kind: '1h', beforeMs: 3600_000 },
] as const;

export const toSummary = (m: Meeting): MeetingSummaryDto => ({
  id: m.id,
  title: m.title,
  titleKm: m.titleKm,
  workingGroupId: m.workingGroupId,
  associationId: m.associationId,
  orgUnitId: m.orgUnitId,
  startsAt: m.startsAt,
  endsAt: m.endsAt,
  location: m.location,
  chairUserId: m.chairUserId,
  secretaryUserId: m.secretaryUserId,
  status: m.status,
  minutesStatus: m.minutesStatus,
});

const meetingName = (m: Meeting) => ({ km: m.titleKm ?? m.title, en: m.title });

/** Meetings of any body: scheduling, agenda, participants, attendance and quorum, reminders, cancellation. */
@Injectable()
export class MeetingsService {
  private readonly logger = new Logger(MeetingsService.name);

  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly groups: WorkingGroupsService,
    private readonly associations: AssociationsAccess,
    private readonly org: OrgService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly actionItems: ActionItemsService,
    private readonly links: SignedLinks,
    @InjectDataSource() private readonly dataSource: DataSource,
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
      await this.scheduleReminders(em, meeting.id, startsAt);
      if (startsAt.getTime() > Date.now()) {
        await this.notifications.notify(em, {
          userIds: participants.flatMap((p) => (p.userId && p.userId !== actor.id ? [p.userId] : [])),
          template: 'meeting.invitation',
          params: {
            meeting: meetingName(meeting),
            startsAt: startsAt.toISOString(),
            location: meeting.location ?? '-',
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
      return this.detail(em, meeting, actor);
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
    if (await this.access.isBodyMember(em, body, actor)) {
      throw forbidden(
        'NOT_BODY_CHAIR',
        'Only the chair or secretary of the body (or an admin) schedules its meetings',
      );
    }
    throw notFound('MEETING_BODY_NOT_FOUND', 'No such working group, association or org unit');
  }

  /** A read: no transaction, so the page's independent queries run in parallel on the pool. */
  async get(id: string, user: AuthUser): Promise<MeetingDto> {
    const em = this.dataSource.manager;
    return this.detail(em, await this.access.viewable(em, id, user), user);
  }

  async participants(em: EntityManager, meetingId: string): Promise<ParticipantDto[]> {
    const rows = await em.find(MeetingParticipant, { where: { meetingId }, order: { position: 'ASC' } });
    const users = await this.org.findUsersByIds(
      rows.flatMap((r) => (r.userId ? [r.userId] : [])),
      em,
    );
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((r) => {
      const u = r.userId ? byId.get(r.userId) : undefined;
      return {
        id: r.id,
        userId: r.userId,
        name: u ? u.fullName : (r.name ?? ''),
        nameKm: u ? u.fullNameKm : null,
        title: r.title,
        role: r.role,
        attendance: r.attendance,
      };
    });
  }

  async detail(em: EntityManager, meeting: Meeting, user: AuthUser): Promise<MeetingDto> {
    // In turn: `em` is a transaction, whose one connection takes one query at a time.
    const agenda = await em.find(AgendaItem, { where: { meetingId: meeting.id } });
    const participants = await this.participants(em, meeting.id);
    const open = await this.actionItems.openForBody(em, meeting.bodyKey, meeting.id);
    const quorum = quorumState(meeting, participants);
    return {
      ...toSummary(meeting),
      quorumCount: meeting.quorumCount,
      quorumPercent: meeting.quorumPercent,
      cancelReason: meeting.cancelReason,
      minutesRevision: meeting.minutesRevision,
      minutesDocumentId: meeting.minutesDocumentId,
      minutesVerificationCode: meeting.minutesVerificationCode,
      minutesApprovedAt: meeting.minutesApprovedAt,
      minutesPrintUrl: this.links.sign(`/api/v1/meetings/${meeting.id}/minutes.html`, user),
      minutesPdfUrl: this.links.sign(`/api/v1/meetings/${meeting.id}/minutes.pdf`, user),
      minutesQrUrl:
        meeting.minutesStatus === 'approved' && meeting.minutesVerificationCode
          ? this.links.sign(`/api/v1/meetings/${meeting.id}/minutes/qr.svg`, user)
          : null,
      agenda: agendaTree(agenda),
      participants,
      quorum,
      quorumMet: quorum.met,
      openActionItems: open,
      canEdit: this.access.isEditor(meeting, user),
    };
  }

  /** Meetings the user may see (admins: all), newest first. */
  list(query: ListMeetingsQueryDto, user: AuthUser): Promise<Page<MeetingSummaryDto>> {
    return this.tx.run(async (em) => {
      const limit = query.limit ?? 50;
      const qb = em.createQueryBuilder(Meeting, 'm');
      if (query.workingGroupId) qb.andWhere('m.working_group_id = :wg', { wg: query.workingGroupId });
      if (query.associationId) qb.andWhere('m.association_id = :as', { as: query.associationId });
      if (query.orgUnitId) qb.andWhere('m.org_unit_id = :unit', { unit: query.orgUnitId });
      if (query.status) qb.andWhere('m.status = :status', { status: query.status });
      if (query.from) qb.andWhere('m.starts_at >= :from', { from: new Date(query.from) });
      if (query.to) qb.andWhere('m.starts_at < :to', { to: new Date(query.to) });
      if (!isAdmin(user)) {
        const visible = [
          'm.chair_user_id = :me',
          'm.secretary_user_id = :me',
          'EXISTS (SELECT 1 FROM meeting_participants p WHERE p.meeting_id = m.id AND p.user_id = :me)',
          `EXISTS (SELECT 1 FROM working_group_members g WHERE g.group_id = m.working_group_id AND g.user_id = :me
             AND g.valid_from <= CURRENT_DATE AND (g.valid_to IS NULL OR g.valid_to >= CURRENT_DATE))`,
        ];
        const myUnit = await this.org.unitOfUser(user.id, em);
        if (myUnit) {
          visible.push('m.org_unit_id = :myUnit');
          qb.setParameter('myUnit', myUnit);
        }
        // Association membership is the associations module's: asked for the filtered association only.
        if (
          query.associationId &&
          (await this.access.isBodyMember(em, { kind: 'association', id: query.associationId }, user))
        ) {
          visible.push('m.association_id = :as');
        }
        qb.andWhere(`(${visible.join(' OR ')})`, { me: user.id });
      }
      const after = decodeCursor<[string, string]>(query.cursor, 2);
      if (after) {
        qb.andWhere('(m.starts_at, m.id) < (:s::timestamptz, :i::uuid)', { s: after[0], i: after[1] });
      }
      const rows = await qb
        .orderBy('m.starts_at', 'DESC')
        .addOrderBy('m.id', 'DESC')
        .limit(limit + 1)
        .getMany();
      const page = toPage(rows, limit, (m) => [m.startsAt.toISOString(), m.id]);
      return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
    });
  }

  /** Recent and upcoming meetings of a body (for a group's page). */
  async recentForBody(em: EntityManager, bodyKey: string, limit = 20): Promise<MeetingSummaryDto[]> {
    const rows = await em.find(Meeting, { where: { bodyKey }, order: { startsAt: 'DESC' }, take: limit });
    return rows.map(toSummary);
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
      return this.detail(em, meeting, user);
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
      await this.scheduleReminders(em, meeting.id, startsAt);
      const [{ n }] = await em.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE stream = $1 AND action = 'meeting.rescheduled'`,
        [`meeting:${id}`],
      );
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
          location: meeting.location ?? '-',
          reason: dto.reason ?? '',
        },
        link: `/meetings/${id}`,
        eventKey: `meeting:${id}:rescheduled:${n + 1}`,
      });
      return this.detail(em, meeting, user);
    });
  }

  /**
   * The reminders still ahead of a meeting starting at `startsAt` (on creation and on every move);
   * a reminder of an earlier time finds the meeting moved and does nothing (`onReminder`).
   */
  private async scheduleReminders(em: EntityManager, meetingId: string, startsAt: Date): Promise<void> {
    for (const r of REMINDERS) {
      const runAt = new Date(startsAt.getTime() - r.beforeMs);
      if (runAt.getTime() <= Date.now()) continue;
      await this.outbox.add(em, {
        name: 'meetings.reminder',
        payload: { meetingId, kind: r.kind, startsAt: startsAt.toISOString() },
        runAt,
      });
    }
  }

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
      const participants = await this.participants(em, id);
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
        data: { entries: entries.map((e) => [e.participantId, e.status]), quorumMet: quorum.met },
      });
      return { participants, quorum, quorumMet: quorum.met };
    });
  }

  /** A reminder before the meeting; skipped when it was cancelled or moved since it was scheduled. */
  async onReminder(payload: JobPayloads['meetings.reminder'], { em }: JobContext): Promise<void> {
    const meeting = await em.findOneBy(Meeting, { id: payload.meetingId });
    if (!meeting || meeting.status !== 'scheduled' || meeting.startsAt.toISOString() !== payload.startsAt) {
      this.logger.debug(`reminder ${payload.kind} of ${payload.meetingId} skipped`);
      return;
    }
    const people = await em.find(MeetingParticipant, { where: { meetingId: meeting.id } });
    await this.notifications.notify(em, {
      userIds: people.flatMap((p) => (p.userId ? [p.userId] : [])),
      template: 'meeting.reminder',
      params: {
        meeting: meetingName(meeting),
        startsAt: payload.startsAt,
        location: meeting.location ?? '-',
      },
      link: `/meetings/${meeting.id}`,
      eventKey: `meeting:${meeting.id}:reminder:${payload.kind}:${payload.startsAt}`,
    });
  }

  /** Who gets published minutes: the body's members (working groups) and the participants. */
  async audienceOf(em: EntityManager, meeting: Meeting): Promise<string[]> {
    const people = await em.find(MeetingParticipant, { where: { meetingId: meeting.id } });
    const ids = people.flatMap((p) => (p.userId ? [p.userId] : []));
    const body = bodyOf(meeting);
    if (body.kind === 'wg') ids.push(...(await this.groups.memberUserIds(em, body.id)));
    return [...new Set(ids)];
  }
}
