import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import type {
  AddMemberDto,
  CreateWorkingGroupDto,
  MembershipDto,
  MyGroupDto,
  WorkingGroupDto,
} from './dto/working-group.dto.js';
import type {
  CreateProgressReportDto,
  ProgressReportDto,
  ProgressReportsDto,
  RequestDto,
  RespondRequestDto,
} from './dto/progress-report.dto.js';
import { ProgressReport } from './entities/progress-report.entity.js';
import { answerEvent, canRequestTransition, nextRequestStatus } from './domain/request-state.js';
import { ReportRequest } from './entities/report-request.entity.js';
import { type GroupRole, WorkingGroupMember } from './entities/working-group-member.entity.js';
import { WorkingGroup } from './entities/working-group.entity.js';
import { periodEndKey, rollUp } from './periods.js';
import { WorkingGroupsAccess } from './working-groups.access.js';

const today = (): string => new Date().toISOString().slice(0, 10);

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export const toGroupDto = (g: WorkingGroup): WorkingGroupDto => ({
  id: g.id,
  name: g.name,
  nameKm: g.nameKm,
  purpose: g.purpose,
  parentId: g.parentId,
  orgUnitId: g.orgUnitId,
  createdAt: g.createdAt,
});

const toRequestDto = (
  r: ReportRequest,
  groupId: string,
  addressees: Map<string, WorkingGroup>,
): RequestDto => ({
  id: r.id,
  reportId: r.reportId,
  groupId,
  addresseeGroupId: r.addresseeGroupId,
  addresseeGroupName: addressees.get(r.addresseeGroupId)?.name ?? '',
  addresseeGroupNameKm: addressees.get(r.addresseeGroupId)?.nameKm ?? null,
  raisable: canRequestTransition(r.status, 'raise') && !!addressees.get(r.addresseeGroupId)?.parentId,
  text: r.text,
  status: r.status,
  response: r.response,
  respondedById: r.respondedById,
  respondedAt: r.respondedAt,
  raisedToGroupId: r.raisedToGroupId,
  raisedAt: r.raisedAt,
  createdAt: r.createdAt,
});

/**
 * Working groups: nesting, members with roles and dates, progress reports and their requests.
 * Exported for the meetings module (who chairs, who is a member, the group tree).
 */
@Injectable()
export class WorkingGroupsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: WorkingGroupsAccess,
    private readonly org: OrgService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  // ---- groups and members -------------------------------------------------------------------

  create(dto: CreateWorkingGroupDto, actor: AuthUser): Promise<WorkingGroupDto> {
    return this.tx.run(async (em) => {
      if (dto.parentId && !(await em.existsBy(WorkingGroup, { id: dto.parentId }))) {
        throw badRequest('PARENT_GROUP_NOT_FOUND', 'The parent group does not exist');
      }
      if (dto.orgUnitId && !(await this.org.getUnit(dto.orgUnitId, em))) {
        throw badRequest('ORG_UNIT_NOT_FOUND', 'The org unit does not exist');
      }
      const group = await em.save(
        em.create(WorkingGroup, {
          name: dto.name.trim(),
          nameKm: dto.nameKm?.trim() || null,
          purpose: dto.purpose ?? null,
          parentId: dto.parentId ?? null,
          orgUnitId: dto.orgUnitId ?? null,
        }),
      );
      await this.log(em, group.id, 'working_group.created', actor, 'working_group', group.id, {
        name: group.name,
        parentId: group.parentId,
      });
      return toGroupDto(group);
    });
  }

  /** The groups I belong to now (admins: every group), by name, with my roles. */
  listMine(user: AuthUser): Promise<MyGroupDto[]> {
    return this.tx.run(async (em) => {
      const rows: { id: string; roles: GroupRole[] | null }[] = await em.query(
        `SELECT g.id, array_remove(array_agg(DISTINCT m.role), NULL) AS roles
           FROM working_groups g
           LEFT JOIN working_group_members m ON m.group_id = g.id AND m.user_id = $1
                AND m.valid_from <= $2::date AND (m.valid_to IS NULL OR m.valid_to >= $2::date)
          GROUP BY g.id
         HAVING $3::boolean OR count(m.id) > 0`,
        [user.id, today(), isAdmin(user)],
      );
      const roles = new Map(rows.map((r) => [r.id, r.roles ?? []]));
      const groups = rows.length
        ? await em.find(WorkingGroup, { where: { id: In([...roles.keys()]) }, order: { name: 'ASC' } })
        : [];
      return groups.map((g) => ({ ...toGroupDto(g), myRoles: roles.get(g.id) ?? [] }));
    });
  }

  /** The group if the user may see it (404 otherwise). */
  viewable(em: EntityManager, groupId: string, user: AuthUser): Promise<WorkingGroup> {
    return this.access.viewable(em, groupId, user);
  }

  addMember(groupId: string, dto: AddMemberDto, actor: AuthUser): Promise<MembershipDto> {
    const from = dto.from?.slice(0, 10) ?? today();
    const to = dto.to?.slice(0, 10) ?? null;
    if (to && to < from) throw badRequest('INVALID_DATES', '`to` is before `from`');
    return this.tx.run(async (em) => {
      // Locking the group serialises membership changes of one group.
      const group = await this.access.viewable(em, groupId, actor, true);
      await this.access.assertChair(em, group, actor);
      const user = await this.org.findUserById(dto.userId, em);
      if (!user) throw notFound('USER_NOT_FOUND', 'No such user');
      const open = await em
        .createQueryBuilder(WorkingGroupMember, 'm')
        .where('m.group_id = :groupId AND m.user_id = :userId', { groupId, userId: dto.userId })
        .andWhere('(m.valid_to IS NULL OR m.valid_to >= :from)', { from })
        .getMany();
      if (open.some((m) => m.role === dto.role)) {
        throw conflict('ALREADY_MEMBER', 'The user already holds this role in the group');
      }
      // A new role replaces the current one: close the old membership the day before.
      for (const m of open) {
        m.validTo = m.validFrom < from ? dayBefore(from) : m.validFrom;
        await em.save(m);
      }
      const saved = await em.save(
        em.create(WorkingGroupMember, {
          groupId,
          userId: dto.userId,
          role: dto.role,
          validFrom: from,
          validTo: to,
        }),
      );
      await this.log(em, groupId, 'working_group.member_added', actor, 'working_group_member', saved.id, {
        userId: saved.userId,
        role: saved.role,
        from: saved.validFrom,
        to: saved.validTo,
        closed: open.map((m) => m.id),
      });
      return {
        id: saved.id,
        groupId,
        userId: user.id,
        fullName: user.fullName,
        fullNameKm: user.fullNameKm,
        role: saved.role,
        from: saved.validFrom,
        to: saved.validTo,
      };
    });
  }

  /** Current members with their roles, chair first. */
  async members(em: EntityManager, groupId: string): Promise<MembershipDto[]> {
    const rows: {
      id: string;
      user_id: string;
      role: GroupRole;
      valid_from: string;
      valid_to: string | null;
      full_name: string | null;
      full_name_km: string | null;
    }[] = await em.query(
      `SELECT m.id, m.user_id, m.role, to_char(m.valid_from, 'YYYY-MM-DD') AS valid_from,
              to_char(m.valid_to, 'YYYY-MM-DD') AS valid_to, u.full_name, u.full_name_km
         FROM working_group_members m JOIN org_people u ON u.id = m.user_id
        WHERE m.group_id = $1 AND m.valid_from <= $2::date AND (m.valid_to IS NULL OR m.valid_to >= $2::date)
        ORDER BY array_position(ARRAY['chair','vice_chair','secretary','member'], m.role), u.full_name`,
      [groupId, today()],
    );
    return rows.map((r) => ({
      id: r.id,
      groupId,
      userId: r.user_id,
      fullName: r.full_name,
      fullNameKm: r.full_name_km,
      role: r.role,
      from: r.valid_from,
      to: r.valid_to,
    }));
  }

  /** Ids of the current members (for notifications). */
  async memberUserIds(em: EntityManager, groupId: string): Promise<string[]> {
    return [...new Set((await this.members(em, groupId)).map((m) => m.userId))];
  }

  async rolesOf(em: EntityManager, groupId: string, userId: string): Promise<GroupRole[]> {
    return this.access.rolesOf(em, groupId, userId);
  }

  async findGroup(em: EntityManager, groupId: string): Promise<WorkingGroup | null> {
    return em.findOneBy(WorkingGroup, { id: groupId });
  }

  async subGroups(em: EntityManager, groupId: string): Promise<WorkingGroup[]> {
    return em.find(WorkingGroup, { where: { parentId: groupId }, order: { name: 'ASC' } });
  }

  /** The group and all its descendants (depth-first order is not promised). */
  async subtree(em: EntityManager, groupId: string): Promise<WorkingGroup[]> {
    const rows: { id: string }[] = await em.query(
      `WITH RECURSIVE down(id, depth) AS (
         SELECT id, 0 FROM working_groups WHERE id = $1
         UNION ALL
         SELECT g.id, down.depth + 1 FROM working_groups g JOIN down ON g.parent_id = down.id
         WHERE down.depth < 20
       ) SELECT id FROM down`,
      [groupId],
    );
    if (!rows.length) return [];
    return em.find(WorkingGroup, { where: { id: In(rows.map((r) => r.id)) } });
  }

  /** The latest progress report of each of these groups. */
  async latestReports(em: EntityManager, groupIds: string[]): Promise<Map<string, ProgressReport>> {
    const reports = groupIds.length
      ? await em.find(ProgressReport, { where: { groupId: In(groupIds) } })
      : [];
    const latest = new Map<string, ProgressReport>();
    for (const r of reports) {
      const cur = latest.get(r.groupId);
      if (!cur || periodAfter(r.period, cur.period)) latest.set(r.groupId, r);
    }
    return latest;
  }

  // ---- progress reports and requests -----------------------------------------------------

  createReport(groupId: string, dto: CreateProgressReportDto, actor: AuthUser): Promise<ProgressReportDto> {
    return this.tx
      .run(async (em) => {
        const group = await this.access.viewable(em, groupId, actor);
        if (!(await this.access.isMember(em, group.id, actor.id))) {
          throw forbidden('NOT_GROUP_MEMBER', 'Only a member of the group reports its progress');
        }
        const report = await em.save(
          em.create(ProgressReport, {
            groupId,
            period: dto.period,
            progressPercent: dto.progressPercent,
            achievements: dto.achievements ?? null,
            challenges: dto.challenges ?? null,
            authorId: actor.id,
          }),
        );
        const addressee = group.parentId ?? group.id;
        const requests: ReportRequest[] = [];
        for (const r of dto.requests ?? []) {
          requests.push(
            await em.save(
              em.create(ReportRequest, { reportId: report.id, addresseeGroupId: addressee, text: r.text }),
            ),
          );
        }
        if (requests.length) await this.notifyAddressee(em, addressee, group, requests, 'received');
        await this.log(em, groupId, 'progress_report.created', actor, 'progress_report', report.id, {
          period: report.period,
          progressPercent: report.progressPercent,
          requests: requests.map((r) => r.id),
        });
        return this.reportDto(report, group, requests, await this.addresseesOf(em, requests));
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err, 'progress_reports_group_period_key')) {
          throw conflict('PROGRESS_REPORT_EXISTS', 'The group already reported for this period');
        }
        throw err;
      });
  }

  /** Reports of the group and all its sub-groups, newest period first, with the roll-up. */
  listReports(groupId: string, period: string | undefined, viewer: AuthUser): Promise<ProgressReportsDto> {
    return this.tx.run(async (em) => {
      await this.access.viewable(em, groupId, viewer);
      const groups = await this.subtree(em, groupId);
      const byId = new Map(groups.map((g) => [g.id, g]));
      const all = await em.find(ProgressReport, {
        where: { groupId: In([...byId.keys()]) },
        order: { createdAt: 'DESC' },
      });
      const shown = period ? all.filter((r) => r.period === period) : all;
      const requests = shown.length
        ? await em.find(ReportRequest, {
            where: { reportId: In(shown.map((r) => r.id)) },
            order: { createdAt: 'ASC' },
          })
        : [];
      const addressees = await this.addresseesOf(em, requests);
      const reports = shown
        .sort((a, b) => (periodAfter(a.period, b.period) ? -1 : periodAfter(b.period, a.period) ? 1 : 0))
        .map((r) =>
          this.reportDto(
            r,
            byId.get(r.groupId)!,
            requests.filter((q) => q.reportId === r.id),
            addressees,
          ),
        );
      const entries = rollUp(
        groupId,
        groups.map((g) => ({ id: g.id, parentId: g.parentId })),
        (period ? shown : all).map((r) => ({
          groupId: r.groupId,
          period: r.period,
          progressPercent: r.progressPercent,
        })),
      );
      return {
        groupId,
        reports,
        rollUp: entries.map((e) => ({
          groupId: e.groupId,
          groupName: byId.get(e.groupId)?.name ?? '',
          parentId: byId.get(e.groupId)?.parentId ?? null,
          latestPeriod: e.latest?.period ?? null,
          latestPercent: e.latest?.progressPercent ?? null,
          rolledUpPercent: e.rolledUpPercent,
        })),
      };
    });
  }

  respond(requestId: string, dto: RespondRequestDto, actor: AuthUser): Promise<RequestDto> {
    return this.tx.run(async (em) => {
      const { request, report, group } = await this.loadRequest(em, requestId, actor);
      if (
        !isAdmin(actor) &&
        !(await this.access.hasRole(em, request.addresseeGroupId, actor.id, ['chair']))
      ) {
        throw forbidden(
          'NOT_ADDRESSEE_CHAIR',
          'Only the chair of the group the request is addressed to answers it',
        );
      }
      request.status = nextRequestStatus(request.status, answerEvent[dto.status]);
      request.response = dto.response;
      request.respondedById = actor.id;
      request.respondedAt = new Date();
      await em.save(request);
      await this.log(em, group.id, 'request.answered', actor, 'report_request', request.id, {
        status: request.status,
        addresseeGroupId: request.addresseeGroupId,
      });
      await this.notifications.notify(em, {
        userIds: [report.authorId],
        template: 'working_group.request_answered',
        params: {
          group: { km: group.nameKm ?? group.name, en: group.name },
          request: request.text,
          status: STATUS_WORDS[dto.status],
          response: dto.response,
        },
        link: `/groups/${group.id}`,
        eventKey: `request:${request.id}:answered`,
      });
      return toRequestDto(request, group.id, await this.addresseesOf(em, [request]));
    });
  }

  /**
   * Moves an unanswered request one level up: to the parent of the group it is addressed to. The
   * reporting group's lead (chair) or secretary raises it (or an admin); its other members may not.
   * One transaction: the request, the audit entry, and the new addressee chair's notification.
   */
  raise(requestId: string, actor: AuthUser): Promise<RequestDto> {
    return this.tx.run(async (em) => {
      const { request, group } = await this.loadRequest(em, requestId, actor);
      if (!isAdmin(actor) && !(await this.access.hasRole(em, group.id, actor.id, ['chair', 'secretary']))) {
        throw forbidden(
          'NOT_GROUP_LEAD',
          'Only the chair or the secretary of the reporting group raises its request',
        );
      }
      const status = nextRequestStatus(request.status, 'raise');
      const current = await em.findOneByOrFail(WorkingGroup, { id: request.addresseeGroupId });
      const target = current.parentId;
      if (!target) throw conflict('NO_PARENT_GROUP', 'There is no higher group to raise the request to');
      request.addresseeGroupId = target;
      request.raisedToGroupId = target;
      request.raisedAt = new Date();
      request.status = status;
      await em.save(request);
      await this.log(em, group.id, 'request.raised', actor, 'report_request', request.id, { to: target });
      await this.notifyAddressee(em, target, group, [request], 'raised');
      return toRequestDto(request, group.id, await this.addresseesOf(em, [request]));
    });
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** One audit stream per working group. */
  private log(
    em: EntityManager,
    groupId: string,
    action: string,
    actor: AuthUser,
    entityType: string,
    entityId: string,
    data: Record<string, unknown>,
  ) {
    return this.audit.append(em, {
      stream: `working_group:${groupId}`,
      action,
      actorId: actor.id,
      entityType,
      entityId,
      data,
    });
  }

  private async loadRequest(em: EntityManager, requestId: string, actor: AuthUser) {
    const request = await em.findOne(ReportRequest, {
      where: { id: requestId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!request) throw notFound('REQUEST_NOT_FOUND', 'No such request');
    const report = await em.findOneByOrFail(ProgressReport, { id: request.reportId });
    const group = await em.findOneByOrFail(WorkingGroup, { id: report.groupId });
    // Visible to those who see the reporting group or belong to the group it is addressed to.
    const visible =
      (await this.access.canView(em, group, actor)) ||
      (await this.access.isMember(em, request.addresseeGroupId, actor.id));
    if (!visible) throw notFound('REQUEST_NOT_FOUND', 'No such request');
    return { request, report, group };
  }

  private async notifyAddressee(
    em: EntityManager,
    addresseeGroupId: string,
    from: WorkingGroup,
    requests: ReportRequest[],
    kind: 'received' | 'raised',
  ): Promise<void> {
    const members = await this.members(em, addresseeGroupId);
    const chairs = members.filter((m) => m.role === 'chair').map((m) => m.userId);
    for (const r of requests) {
      await this.notifications.notify(em, {
        userIds: chairs,
        template: 'working_group.request_received',
        params: { group: { km: from.nameKm ?? from.name, en: from.name }, request: r.text },
        link: `/groups/${addresseeGroupId}`,
        eventKey: `request:${r.id}:${kind}:${addresseeGroupId}`,
      });
    }
  }

  /** The groups the requests are addressed to, by id (their names, and whether one is above them). */
  private async addresseesOf(
    em: EntityManager,
    requests: ReportRequest[],
  ): Promise<Map<string, WorkingGroup>> {
    const ids = [...new Set(requests.map((r) => r.addresseeGroupId))];
    if (!ids.length) return new Map();
    return new Map((await em.findBy(WorkingGroup, { id: In(ids) })).map((g) => [g.id, g]));
  }

  private reportDto(
    r: ProgressReport,
    group: WorkingGroup,
    requests: ReportRequest[],
    addressees: Map<string, WorkingGroup>,
  ): ProgressReportDto {
    return {
      id: r.id,
      groupId: r.groupId,
      groupName: group.name,
      groupNameKm: group.nameKm,
      period: r.period,
      progressPercent: r.progressPercent,
      achievements: r.achievements,
      challenges: r.challenges,
      authorId: r.authorId,
      createdAt: r.createdAt,
      requests: requests.map((q) => toRequestDto(q, r.groupId, addressees)),
    };
  }
}

const STATUS_WORDS = {
  accepted: { km: 'បានទទួលយក', en: 'accepted' },
  declined: { km: 'បានបដិសេធ', en: 'declined' },
  done: { km: 'បានបំពេញរួច', en: 'done' },
};

const periodAfter = (a: string, b: string): boolean => periodEndKey(a) > periodEndKey(b);
