import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import type {
  AddMemberDto,
  CreateWorkingGroupDto,
  MembershipDto,
  MyGroupDto,
  WorkingGroupDto,
} from './dto/working-group.dto.js';
import { type GroupRole, WorkingGroupMember } from './entities/working-group-member.entity.js';
import { WorkingGroup } from './entities/working-group.entity.js';
import { logGroupChange } from './working-group-audit.js';
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

/**
 * Working groups and their members: nesting, members with roles and dates. Exported for the
 * meetings module (who chairs, who is a member, the group tree). Progress reports:
 * `progress-reports.service.ts`; their requests to the parent group: `report-requests.service.ts`.
 */
@Injectable()
export class WorkingGroupsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: WorkingGroupsAccess,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {}

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
      await logGroupChange(
        this.audit,
        em,
        group.id,
        'working_group.created',
        actor,
        'working_group',
        group.id,
        {
          name: group.name,
          parentId: group.parentId,
        },
      );
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

  /** Whether the user may see the group (its page opens for them). */
  canView(em: EntityManager, group: WorkingGroup, user: AuthUser): Promise<boolean> {
    return this.access.canView(em, group, user);
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
      await logGroupChange(
        this.audit,
        em,
        groupId,
        'working_group.member_added',
        actor,
        'working_group_member',
        saved.id,
        {
          userId: saved.userId,
          role: saved.role,
          from: saved.validFrom,
          to: saved.validTo,
          closed: open.map((m) => m.id),
        },
      );
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

  /** The groups the user is a current member of, in any role. */
  async groupIdsOf(em: EntityManager, userId: string): Promise<string[]> {
    const rows: { group_id: string }[] = await em.query(
      `SELECT DISTINCT group_id FROM working_group_members
        WHERE user_id = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)`,
      [userId, today()],
    );
    return rows.map((r) => r.group_id);
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
}
