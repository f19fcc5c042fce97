import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import { DecisionLocks, isLive } from './decision-locks.service.js';
import { documentEntry } from './document-audit.js';
import { documentNotice, personName, stageName } from './document-notice.js';
import { handTaskOver } from './hand-over.js';
import { TASK_TRANSITIONS } from './domain/state-machine.js';
import type { Delegation } from './entities/delegation.entity.js';

/**
 * What a delegate still holds for the approver when the approver revokes the delegation: the
 * pending tasks it gave them come back to the approver, in the revocation's transaction ("your
 * approvals come to you again" had left them with the delegate, and the approver could not decide
 * them). A task another delegation from the same approver to the same delegate still covers stays.
 */
@Injectable()
export class DelegatedTasksService {
  constructor(
    private readonly locks: DecisionLocks,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Gives the delegation's pending tasks back to its approver; answers how many came back. */
  async takeBack(em: EntityManager, delegation: Delegation, actor: AuthUser): Promise<number> {
    const held = await em.query<{ id: string }[]>(
      `SELECT t.id FROM approval_tasks t JOIN documents d ON d.id = t.document_id
        WHERE t.status = 'pending' AND t.assignee_id = $1 AND t.acting_for_id = $2
          AND ($3::text[] IS NULL OR d.document_type = ANY($3::text[]))
          AND NOT EXISTS (
            SELECT 1 FROM delegations o
             WHERE o.id <> $4 AND o.from_user_id = $2 AND o.to_user_id = $1 AND o.revoked_at IS NULL
               AND o.starts_at <= now() AND o.ends_at > now()
               AND (o.document_types IS NULL OR d.document_type = ANY(o.document_types)))
        ORDER BY t.id`,
      [delegation.toUserId, delegation.fromUserId, delegation.documentTypes, delegation.id],
    );
    if (!held.length) return 0;
    const approver = await this.org.findUserById(delegation.fromUserId, em);
    let back = 0;
    for (const { id } of held) {
      const { task, stage, request, doc } = await this.locks.forAnyone(em, actor, id);
      // Decided (or its stage closed) since the list was read: nothing to take back.
      if (
        !TASK_TRANSITIONS[task.status].reassign ||
        !isLive(request, stage) ||
        task.assigneeId !== delegation.toUserId
      )
        continue;
      await handTaskOver(em, task, stage, { to: delegation.fromUserId, outcome: 'taken_back' });
      const recorded = await this.audit.append(
        em,
        documentEntry(doc.id, 'task.taken_back', actor.id, {
          taskId: task.id,
          fromUserId: delegation.toUserId,
          toUserId: delegation.fromUserId,
          delegationId: delegation.id,
        }),
      );
      await this.notifications.notify(
        em,
        documentNotice(
          doc,
          [delegation.toUserId],
          'approval.taken_back',
          { stage: stageName(stage), approver: personName(approver) },
          `task:${task.id}:taken_back:${recorded.seq}`,
        ),
      );
      back += 1;
    }
    return back;
  }
}
