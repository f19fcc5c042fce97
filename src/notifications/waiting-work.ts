import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One document waiting on a user, as their daily digest lists it. */
export interface WaitingItem {
  userId: string;
  title: string;
  referenceNumber: string | null;
}

/** What waits on the given users: each user's items in the order their digest lists them. */
export type WaitingWorkSource = (em: EntityManager, userIds: string[]) => Promise<WaitingItem[]>;

/**
 * The approvers' daily digest lists the documents that wait on each of them. The approvals module,
 * which owns the tasks, registers at start-up how to read them, so that notifications reads no
 * other module's tables. With nothing registered, nothing waits.
 */
@Injectable()
export class WaitingWork {
  private source?: WaitingWorkSource;

  register(source: WaitingWorkSource): void {
    if (this.source) throw new Error('a source of waiting work is registered');
    this.source = source;
  }

  async of(em: EntityManager, userIds: string[]): Promise<WaitingItem[]> {
    return userIds.length && this.source ? this.source(em, userIds) : [];
  }
}
