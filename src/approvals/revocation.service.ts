import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import { ApprovalsAccess, documentNotFound } from './approvals-access.js';
import { DocumentViewsService } from './document-views.service.js';
import type { DocumentDto } from './dto/document.dto.js';
import { Document } from './entities/document.entity.js';
import { documentEntry } from './document-audit.js';
import { documentNotice, personName } from './document-notice.js';

/**
 * Revoking an approved document: the issuing unit's head (or an admin) withdraws it from force, with
 * a reason. The signed manifest and the status stay; the public verification answers "revoked" with
 * the date and reason from then on. One transaction: the document, its audit entry, and the
 * submitter's notification (through the outbox).
 */
@Injectable()
export class RevocationService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ApprovalsAccess,
    private readonly views: DocumentViewsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
  ) {}

  async revoke(user: AuthUser, id: string, reason: string): Promise<DocumentDto> {
    if (!reason.trim()) {
      throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
        { field: 'reason', problems: ['reason must not be blank'] },
      ]);
    }
    return this.tx.run(async (em) => {
      const doc = await em.findOne(Document, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!doc) throw documentNotFound();
      if (!(await this.access.mayRevoke(em, user, doc))) {
        // Who may not even see it learns nothing of it.
        if (!(await this.access.canSee(em, user, doc))) throw documentNotFound();
        throw forbidden(
          'NOT_ALLOWED_TO_REVOKE',
          'Only the head of the issuing unit or an administrator revokes a document',
        );
      }
      if (doc.status !== 'approved') {
        throw conflict('DOCUMENT_NOT_APPROVED', 'Only an approved document can be revoked', {
          status: doc.status,
        });
      }
      if (doc.revokedAt) {
        throw conflict('DOCUMENT_ALREADY_REVOKED', 'This document is revoked already', {
          revokedAt: doc.revokedAt.toISOString(),
        });
      }
      doc.revokedAt = new Date();
      doc.revokedById = user.id;
      doc.revocationReason = reason.trim();
      await em.update(
        Document,
        { id: doc.id },
        { revokedAt: doc.revokedAt, revokedById: user.id, revocationReason: doc.revocationReason },
      );
      await this.audit.append(
        em,
        documentEntry(doc.id, 'document.revoked', user.id, {
          referenceNumber: doc.referenceNumber,
          reason: doc.revocationReason,
        }),
      );
      if (doc.submitterId !== user.id) {
        const by = await this.org.findUserById(user.id, em);
        await this.notifications.notify(
          em,
          documentNotice(
            doc,
            [doc.submitterId],
            'approval.revoked',
            { revokedBy: by ? personName(by) : '', reason: doc.revocationReason },
            `document:${doc.id}:revoked`,
          ),
        );
      }
      return this.views.detail(em, doc, user);
    });
  }
}
