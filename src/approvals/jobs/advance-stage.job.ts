import { preparedQuery } from '../../database/prepared-query.js';
import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { DecisionNotices } from '../decision-notices.service.js';
import { ApprovalRequest } from '../entities/approval-request.entity.js';
import { ApprovalStage } from '../entities/approval-stage.entity.js';
import { Document } from '../entities/document.entity.js';
import { hydrate } from '../rows.js';
import { SignOffService } from '../sign-off.service.js';
import { StageRoutingService } from '../stage-routing.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** A stage of an approval request was approved: activate the next stage or sign off. */
    'approvals.advance': { requestId: string; stageIndex: number };
  }
}

/**
 * A stage was approved: activate the next one, or sign off after the last. Re-reads state under the
 * request lock and does nothing when the work is done (a redelivery).
 */
@Job({ name: 'approvals.advance', queue: QueueName.Workflow, retry: STANDARD_RETRY })
export class AdvanceStageJob implements JobHandler<'approvals.advance'> {
  constructor(
    private readonly routing: StageRoutingService,
    private readonly signOff: SignOffService,
    private readonly notices: DecisionNotices,
  ) {}

  async handle(payload: JobPayloads['approvals.advance'], { em }: JobContext): Promise<void> {
    const [locked] = await preparedQuery<{ request: Record<string, unknown> }>(
      em,
      'approvals_advance_lock',
      `SELECT (to_jsonb(r) - 'acted_before') AS request FROM approval_requests r WHERE r.id = $1 FOR UPDATE`,
      [payload.requestId],
    );
    if (!locked) return;
    const request = hydrate(em, ApprovalRequest, locked.request);
    if (request.status !== 'active' || request.currentStage !== payload.stageIndex) return;
    // Read after the lock (a statement of its own, so it sees what committed before the lock was granted).
    const [row] = await preparedQuery<{
      stages: Record<string, unknown>[];
      document: Record<string, unknown>;
    }>(
      em,
      'approvals_advance_read',
      `SELECT (SELECT jsonb_agg(to_jsonb(s) ORDER BY s.index) FROM approval_stages s WHERE s.request_id = $1) AS stages,
              (SELECT to_jsonb(d) FROM documents d WHERE d.id = $2) AS document`,
      [request.id, request.documentId],
    );
    const stages = (row.stages ?? []).map((s) => hydrate(em, ApprovalStage, s));
    const stage = stages[payload.stageIndex];
    if (!stage || stage.status !== 'approved') return;
    const doc = hydrate(em, Document, row.document);
    const next = stages[payload.stageIndex + 1];
    if (!next) {
      const signed = await this.signOff.signOff(em, request);
      // The submitter hears who gave the last approval (the stage's latest approving decision).
      const [last] = await em.query<{ decided_by_id: string | null; acting_for_id: string | null }[]>(
        `SELECT decided_by_id, acting_for_id FROM approval_tasks
          WHERE stage_id = $1 AND status = 'approved' ORDER BY decided_at DESC LIMIT 1`,
        [stage.id],
      );
      await this.notices.notifyDecision(
        em,
        signed,
        'approved',
        { userId: last?.decided_by_id ?? null, actingForId: last?.acting_for_id },
        null,
        'approved',
        {
          notifyNow: true,
        },
      );
      return;
    }
    request.currentStage = next.index;
    await preparedQuery(
      em,
      'approvals_advance_request',
      `UPDATE approval_requests SET current_stage = $2, updated_at = now() WHERE id = $1`,
      [request.id, request.currentStage],
    );
    await this.routing.activate(em, request, next, doc, null, { notifyNow: true });
  }
}
