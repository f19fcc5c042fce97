import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { preparedQuery } from '../database/prepared-query.js';
import { nextRequestStatus } from './domain/request-state.js';
import { nextStageStatus } from './domain/stage-state.js';
import type { ApprovalRequest } from './entities/approval-request.entity.js';
import type { ApprovalStage } from './entities/approval-stage.entity.js';
import type { ApprovalTask } from './entities/approval-task.entity.js';
import type { Document } from './entities/document.entity.js';
import { StagePlanService } from './stage-plan.service.js';
import { type DeliveryOptions, type TaskInput, TaskCreationService } from './task-creation.service.js';
import { documentEntry, stageFields } from './document-audit.js';

export type ActivationResult = { blocked: false; tasks: ApprovalTask[] } | { blocked: true; tasks: [] };

/**
 * Activating a stage: routes it (StagePlanService), creates its tasks (TaskCreationService) or, with
 * nobody to route to, blocks it and its request. Runs inside the caller's transaction.
 */
@Injectable()
export class StageRoutingService {
  constructor(
    private readonly planner: StagePlanService,
    private readonly taskCreation: TaskCreationService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Activates a stage: routes it (`plan`: approvers, vacancies, the submitter passed over, delegation;
   * why, in `routingNotes`), creates the tasks with their deadlines, notifies
   * the assignees and schedules reminder and escalation. With nobody to route to, the stage and its
   * request are `blocked` (no task is created, nothing is skipped).
   */
  async activate(
    em: EntityManager,
    request: ApprovalRequest,
    stage: ApprovalStage,
    doc: Document,
    actorId: string | null,
    options: DeliveryOptions = {},
  ): Promise<ActivationResult> {
    const now = new Date();
    // Who approved an earlier stage of this request: no delegation gives them this stage too.
    const approved = await preparedQuery<{ assignee_id: string }>(
      em,
      'approvals_approved_earlier',
      `SELECT DISTINCT assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'approved'`,
      [request.id],
    );
    const plan = await this.planner.plan(em, stage, doc, now, new Set(approved.map((r) => r.assignee_id)));
    const notes = plan.notes;
    const status = nextStageStatus(stage.status, plan.blocked ? 'block' : 'activate');
    stage.routingNotes = notes;
    stage.round += 1;
    stage.activatedAt = now;
    stage.completedAt = null;
    if (plan.blocked) {
      stage.status = status;
      request.status = nextRequestStatus(request.status, 'block');
      await em.save([stage, request]);
      await this.audit.append(
        em,
        documentEntry(doc.id, 'approval.blocked', actorId, {
          ...stageFields(request, stage),
          routing: notes,
        }),
      );
      return { blocked: true, tasks: [] };
    }
    stage.status = status;
    await preparedQuery(
      em,
      'approvals_activate_stage',
      `UPDATE approval_stages SET status = $2, round = $3, activated_at = $4, completed_at = NULL,
              routing_notes = $5::jsonb WHERE id = $1`,
      [stage.id, stage.status, stage.round, stage.activatedAt, JSON.stringify(stage.routingNotes)],
    );
    const inputs: TaskInput[] = plan.tasks.map((p) => ({
      request,
      stage,
      doc,
      ...p,
      escalatedFromTaskId: null,
      withDeadlines: true,
    }));
    const tasks = await this.taskCreation.createTasks(em, inputs, options);
    await this.audit.append(
      em,
      documentEntry(doc.id, 'stage.activated', actorId, {
        ...stageFields(request, stage),
        mode: stage.mode,
        routing: notes,
        tasks: tasks.map((t) => ({
          taskId: t.id,
          assigneeId: t.assigneeId,
          actingForId: t.actingForId,
          origin: t.origin,
        })),
      }),
    );
    return { blocked: false, tasks };
  }
}
