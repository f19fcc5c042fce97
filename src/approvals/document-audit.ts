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

/** A stage's names as an entry records them (its Khmer name when it has one, for Khmer readers). */
function stageNames(stage: Pick<ApprovalStage, 'name' | 'nameKm'>) {
  return { stageName: stage.name, ...(stage.nameKm ? { stageNameKm: stage.nameKm } : {}) };
}

/** A stage of a request, as the entries about it name it. */
export function stageFields(
  request: Pick<ApprovalRequest, 'id'>,
  stage: Pick<ApprovalStage, 'index' | 'name' | 'nameKm'>,
) {
  return { requestId: request.id, stage: stage.index, ...stageNames(stage) };
}

/** A decided task, as the entries of its decision name it. */
export function taskDecisionFields(
  task: Pick<ApprovalTask, 'id' | 'actingForId' | 'versionNo'>,
  stage: Pick<ApprovalStage, 'index' | 'name' | 'nameKm'>,
) {
  return {
    taskId: task.id,
    stage: stage.index,
    ...stageNames(stage),
    actingForId: task.actingForId,
    versionNo: task.versionNo,
  };
}
