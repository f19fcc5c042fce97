import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserRenames } from '../org/user-renames.js';

/**
 * `approval_requests.acted_before` holds the deciders' names (migration ActedBefore): when the org
 * module renames a user, every request they decided on is rebuilt, in the renaming transaction.
 */
@Injectable()
export class ActedBeforeNames implements OnModuleInit {
  constructor(private readonly renames: UserRenames) {}

  onModuleInit(): void {
    this.renames.onRenamed((em, userId) => this.refresh(em, userId));
  }

  async refresh(em: EntityManager, userId: string): Promise<void> {
    await em.query(
      `UPDATE approval_requests r SET acted_before = approvals_acted_before(r.id)
        WHERE r.id IN (SELECT t.request_id FROM approval_tasks t
                        WHERE t.assignee_id = $1 AND t.status IN ('approved', 'returned', 'rejected'))`,
      [userId],
    );
  }
}
