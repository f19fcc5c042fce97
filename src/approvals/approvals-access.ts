import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { forbidden, notFound } from '../common/errors/domain-error.js';
import { OrgService } from '../org/org.service.js';
import { Document } from './entities/document.entity.js';

export const documentNotFound = () => notFound('DOCUMENT_NOT_FOUND', 'No such document');

/**
 * Who may see a document (the one place that decides it):
 * - an admin, its submitter, and anyone who holds or held one of its tasks (or acts for who did);
 * - `internal`: also the staff of the issuing unit; `public`: any logged-in user;
 * - `confidential`: nobody else.
 * Anyone else gets 404 DOCUMENT_NOT_FOUND, as if it did not exist (even knowing it exists is not theirs).
 */
@Injectable()
export class ApprovalsAccess {
  constructor(private readonly org: OrgService) {}

  async canSee(em: EntityManager, user: AuthUser, doc: Document): Promise<boolean> {
    if (isAdmin(user) || doc.submitterId === user.id) return true;
    if (doc.classification === 'public') return true;
    if (await this.isParticipant(em, user.id, doc.id)) return true;
    if (doc.classification === 'internal') {
      return (await this.org.unitOfUser(user.id, em)) === doc.orgUnitId;
    }
    return false;
  }

  async isParticipant(em: EntityManager, userId: string, documentId: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM approval_tasks WHERE document_id = $1 AND (assignee_id = $2 OR acting_for_id = $2) LIMIT 1`,
      [documentId, userId],
    );
    return rows.length > 0;
  }

  /**
   * Only a member of a unit (its staff or a holder of one of its posts today) issues documents in
   * its name and spends its reference numbers; admins are no exception. 403 ORG_UNIT_NOT_YOURS.
   * (Other modules' documents, e.g. minutes in the name of the meeting's body, are issued by the
   * module and not checked here.)
   */
  async assertIssuer(em: EntityManager, userId: string, orgUnitId: string): Promise<void> {
    if (!(await this.org.isUnitMember(userId, orgUnitId, em))) {
      throw forbidden(
        'ORG_UNIT_NOT_YOURS',
        'You issue documents only for a unit you belong to or hold a post in',
      );
    }
  }

  /**
   * Who may revoke an approved document (its verification then answers "revoked"): the head of the
   * issuing unit today, on behalf of the unit that issued it, or an admin. Nobody else: not its
   * submitter, not its approvers, not a deputy head.
   */
  async mayRevoke(
    em: EntityManager,
    user: { id: string; roles?: string[] },
    doc: Document,
  ): Promise<boolean> {
    if (user.roles?.includes('admin')) return true;
    const heads = await this.org.currentHolders(em, doc.orgUnitId, 'head');
    return heads.some((h) => h.id === user.id);
  }

  /** The document if the user may see it, else 404. `lock` takes a row lock for the transaction. */
  async visibleDocument(em: EntityManager, user: AuthUser, id: string, lock = false): Promise<Document> {
    const doc = await em.findOne(Document, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!doc || !(await this.canSee(em, user, doc))) throw documentNotFound();
    return doc;
  }
}
