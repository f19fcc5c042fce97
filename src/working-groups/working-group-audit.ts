import type { AuditAction } from '../audit/audit-actions.js';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';

/** One audit stream per working group (`working_group:<id>`), for every change of its groups, members, reports and requests. */
export function logGroupChange(
  audit: AuditService,
  em: EntityManager,
  groupId: string,
  action: AuditAction,
  actor: AuthUser,
  entityType: string,
  entityId: string,
  data: Record<string, unknown>,
) {
  return audit.append(em, {
    stream: `working_group:${groupId}`,
    action,
    actorId: actor.id,
    entityType,
    entityId,
    data,
  });
}
