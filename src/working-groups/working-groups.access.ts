import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { forbidden, notFound } from '../common/errors/domain-error.js';
import type { GroupRole } from './entities/working-group-member.entity.js';
import { WorkingGroup } from './entities/working-group.entity.js';

const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * Who may do what in a working group. Roles count only while current (from <= today <= to).
 * Someone who may not even see a group gets 404; someone who sees it but lacks the role gets 403.
 */
@Injectable()
export class WorkingGroupsAccess {
  /** The user's current roles in the group (empty: not a member). */
  async rolesOf(em: EntityManager, groupId: string, userId: string, at = new Date()): Promise<GroupRole[]> {
    const rows: { role: GroupRole }[] = await em.query(
      `SELECT DISTINCT role FROM working_group_members
        WHERE group_id = $1 AND user_id = $2 AND valid_from <= $3::date
          AND (valid_to IS NULL OR valid_to >= $3::date)`,
      [groupId, userId, utcDay(at)],
    );
    return rows.map((r) => r.role);
  }

  async isMember(em: EntityManager, groupId: string, userId: string): Promise<boolean> {
    return (await this.rolesOf(em, groupId, userId)).length > 0;
  }

  async hasRole(em: EntityManager, groupId: string, userId: string, roles: GroupRole[]): Promise<boolean> {
    return (await this.rolesOf(em, groupId, userId)).some((r) => roles.includes(r));
  }

  /** Admins, members of the group, and members of its parent group see it. */
  async canView(em: EntityManager, group: WorkingGroup, user: AuthUser): Promise<boolean> {
    if (isAdmin(user)) return true;
    const ids = group.parentId ? [group.id, group.parentId] : [group.id];
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM working_group_members
        WHERE group_id = ANY($1::uuid[]) AND user_id = $2 AND valid_from <= $3::date
          AND (valid_to IS NULL OR valid_to >= $3::date) LIMIT 1`,
      [ids, user.id, utcDay(new Date())],
    );
    return rows.length > 0;
  }

  /** The group, if the user may see it; else 404 as if it did not exist. */
  async viewable(em: EntityManager, groupId: string, user: AuthUser, lock = false): Promise<WorkingGroup> {
    const group = await em.findOne(WorkingGroup, {
      where: { id: groupId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!group || !(await this.canView(em, group, user))) {
      throw notFound('WORKING_GROUP_NOT_FOUND', 'No such working group');
    }
    return group;
  }

  /** Admin, or the group's chair. */
  async assertChair(em: EntityManager, group: WorkingGroup, user: AuthUser): Promise<void> {
    if (isAdmin(user)) return;
    if (!(await this.hasRole(em, group.id, user.id, ['chair']))) {
      throw forbidden('NOT_GROUP_CHAIR', 'Only the chair of the group (or an admin) may do this');
    }
  }
}
