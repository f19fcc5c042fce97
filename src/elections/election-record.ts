import type { AuditAction } from '../audit/audit-actions.js';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { badRequest } from '../common/errors/domain-error.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import type { Election } from './entities/election.entity.js';

/** Appends an entry to the election's audit stream (in the caller's transaction). */
export async function recordElection(
  audit: AuditService,
  em: EntityManager,
  e: Election,
  action: AuditAction,
  actorId: string | null,
  data: Record<string, unknown>,
): Promise<void> {
  await audit.append(em, {
    stream: `election:${e.id}`,
    action,
    actorId,
    entityType: 'election',
    entityId: e.id,
    data,
  });
}

/** A 400 VALIDATION_FAILED naming one field, as the global validation pipe words it. */
export const fieldError = (field: string, problem: string) =>
  badRequest('VALIDATION_FAILED', 'Request validation failed', [{ field, problems: [problem] }]);

/** Queues the opening and closing at their times; each job re-checks the time it was queued for. */
export async function scheduleElectionSteps(
  outbox: OutboxService,
  em: EntityManager,
  e: Election,
  which: { nominations: boolean; opens: boolean; closes: boolean },
): Promise<void> {
  if (which.nominations && e.nominationsOpenAt) {
    await outbox.add(em, {
      name: 'elections.open_nominations',
      payload: { electionId: e.id, at: e.nominationsOpenAt.toISOString() },
      runAt: e.nominationsOpenAt,
    });
  }
  if (which.opens) {
    await outbox.add(em, {
      name: 'elections.open_voting',
      payload: { electionId: e.id, at: e.votingOpensAt.toISOString() },
      runAt: e.votingOpensAt,
    });
  }
  if (which.closes) {
    await outbox.add(em, {
      name: 'elections.close_voting',
      payload: { electionId: e.id, at: e.votingClosesAt.toISOString() },
      runAt: e.votingClosesAt,
    });
  }
}
