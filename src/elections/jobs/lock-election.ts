import type { EntityManager } from 'typeorm';
import { Election } from '../entities/election.entity.js';

/**
 * The election, locked for the job's transaction. Each scheduled step re-reads it so and does
 * nothing when the step is done already, or when the time it was queued for is no longer the
 * election's time (the committee moved it: a newer job carries the new time).
 */
export function lockElection(em: EntityManager, id: string): Promise<Election | null> {
  return em.findOne(Election, { where: { id }, lock: { mode: 'pessimistic_write' } });
}
