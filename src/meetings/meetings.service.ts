import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SignedLinks } from '../common/auth/signed-links.js';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import { ActionItemsService } from './action-items.service.js';
import { agendaTree } from './agenda.js';
import type { ListMeetingsQueryDto } from './dto/meeting-query.dto.js';
import type { MeetingDto, MeetingSummaryDto, ParticipantDto } from './dto/meeting-views.dto.js';
import { AgendaItem } from './entities/agenda-item.entity.js';
import { MeetingParticipant } from './entities/meeting-participant.entity.js';
import { Meeting } from './entities/meeting.entity.js';
import { toSummary } from './meeting-dtos.js';
import { bodyOf, MeetingsAccess } from './meetings.access.js';
import { quorumState } from './quorum.js';

/**
 * Reading meetings: one meeting with its agenda, participants, quorum and open action items; the
 * list a user may see; a body's recent meetings; who hears of its minutes. The changes are in
 * `meeting-scheduling.service.ts` (schedule, move, cancel), `attendance.service.ts` and
 * `meeting-reminders.service.ts`.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly groups: WorkingGroupsService,
    private readonly org: OrgService,
    private readonly actionItems: ActionItemsService,
    private readonly links: SignedLinks,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

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
        ];
        const myGroups = await this.groups.groupIdsOf(em, user.id);
        if (myGroups.length) {
          visible.push('m.working_group_id = ANY(:myGroups::uuid[])');
          qb.setParameter('myGroups', myGroups);
        }
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

  /** Who gets published minutes: the body's members (working groups) and the participants. */
  async audienceOf(em: EntityManager, meeting: Meeting): Promise<string[]> {
    const people = await em.find(MeetingParticipant, { where: { meetingId: meeting.id } });
    const ids = people.flatMap((p) => (p.userId ? [p.userId] : []));
    const body = bodyOf(meeting);
    if (body.kind === 'wg') ids.push(...(await this.groups.memberUserIds(em, body.id)));
    return [...new Set(ids)];
  }
}
