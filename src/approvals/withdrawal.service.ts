import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { forbidden } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { ApprovalsAccess } from './approvals-access.js';
import { DecisionNotices } from './decision-notices.service.js';
import { DocumentViewsService } from './document-views.service.js';
import { nextRequestStatus } from './domain/request-state.js';
import { nextStageStatus, stageStatusesFor } from './domain/stage-state.js';
import { nextDocumentStatus } from './domain/state-machine.js';
import type { DocumentDto } from './dto/document.dto.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { Document } from './entities/document.entity.js';
import { cancelPendingTasks } from './pending-tasks.js';
import { documentEntry } from './document-audit.js';

/** Withdraw: the submitter takes back a document in review (or returned); open tasks are cancelled. */
@Injectable()
export class WithdrawalService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ApprovalsAccess,
    private readonly views: DocumentViewsService,
    private readonly audit: AuditService,
    private readonly notices: DecisionNotices,
  ) {}

  async withdraw(user: AuthUser, documentId: string, reason?: string): Promise<DocumentDto> {
    return this.tx.run(async (em) => {
      const doc = await this.access.visibleDocument(em, user, documentId);
      if (doc.submitterId !== user.id)
        throw forbidden('NOT_SUBMITTER', 'Only the submitter withdraws the document');
      // The lock order of every writer: request, then document.
      const lock = { mode: 'pessimistic_write' } as const;
      const request = await em.findOne(ApprovalRequest, { where: { documentId: doc.id }, lock });
      const locked = await em.findOneOrFail(Document, { where: { id: doc.id }, lock });
      locked.status = nextDocumentStatus(locked.status, 'withdraw');
      await em.save(locked);
      const now = new Date();
      let cancelled: string[] = [];
      if (request) {
        request.status = nextRequestStatus(request.status, 'withdraw');
        request.finishedAt = now;
        await em.update(ApprovalRequest, request.id, { status: request.status, finishedAt: now });
        await em.update(
          ApprovalStage,
          { requestId: request.id, status: In(stageStatusesFor('cancel')) },
          { status: nextStageStatus('active', 'cancel') },
        );
        cancelled = await cancelPendingTasks(em, { requestId: request.id }, now);
      }
      await this.audit.append(
        em,
        documentEntry(doc.id, 'document.withdrawn', user.id, {
          reason: reason ?? null,
          cancelledTaskIds: cancelled,
        }),
      );
      await this.notices.reportOutcome(em, locked, 'withdrawn');
      return this.views.detail(em, locked, user);
    });
  }
}
