import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type UserRenamedListener = (em: EntityManager, userId: string) => Promise<void>;

/**
 * A module that keeps a copy of users' names (approvals' acted-before lists) registers at start-up
 * and refreshes its copy in the transaction that renamed the user, so the copy is never stale and
 * the org module knows nothing of who keeps one.
 */
@Injectable()
export class UserRenames {
  private readonly listeners: UserRenamedListener[] = [];

  onRenamed(listener: UserRenamedListener): void {
    this.listeners.push(listener);
  }

  async publish(em: EntityManager, userId: string): Promise<void> {
    for (const listener of this.listeners) await listener(em, userId);
  }
}
