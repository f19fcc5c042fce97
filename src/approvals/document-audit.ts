import type { AuditAction } from '../audit/audit-actions.js';
import type { AuditAppendInput } from '../audit/audit.service.js';
import type { ApprovalRequest } from './entities/approval-request.entity.js';
import type { ApprovalStage } from './entities/approval-stage.entity.js';
import type { ApprovalTask } from './entities/approval-task.entity.js';

/** An audit entry about a document, in the document's own stream (`document:<id>`). */
export function documentEntry(
  documentId: string,
  action: AuditAction,
  actorId: string | null,
  data: Record<string, unknown>,
): AuditAppendInput {
  return {
    stream: `document:${documentId}`,
    action,
    actorId,
    entityType: 'document',
    entityId: documentId,
    data,
  };
}

/** A stage of a request, as the entries about it name it. */
export function stageFields(
  request: Pick<ApprovalRequest, 'id'>,
  stage: Pick<ApprovalStage, 'index' | 'name'>,
) {
  return { requestId: request.id, stage: stage.index, stageName: stage.name };
}

/** A decided task, as the entries of its decision name it. */
export function taskDecisionFields(
  task: Pick<ApprovalTask, 'id' | 'actingForId' | 'versionNo'>,
  stage: Pick<ApprovalStage, 'index' | 'name'>,
) {
  return {
    taskId: task.id,
    stage: stage.index,
    stageName: stage.name,
    actingForId: task.actingForId,
    versionNo: task.versionNo,
  };
}
