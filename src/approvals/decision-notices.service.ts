import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { LocalizedText } from '../notifications/templates.js';
import { OrgService } from '../org/org.service.js';
import type { Document } from './entities/document.entity.js';
import { type RequestOutcome, RequestOutcomes } from './request-outcomes.js';
import type { DeliveryOptions } from './task-creation.service.js';
import { documentNotice, personName, stageName } from './document-notice.js';
import type { ApprovalStage } from './entities/approval-stage.entity.js';
import type { ApprovalTask } from './entities/approval-task.entity.js';

/**
 * The decision in the notice's sentence: in Khmer the words of the app's buttons for it
 * (web/src/i18n/km/documents.json `decide`), so a returned document is worded one way everywhere.
 */
export const DECISION_WORDS = {
  approved: { en: 'approved', km: 'អនុម័ត' },
  rejected: { en: 'rejected', km: 'បដិសេធ' },
  returned: { en: 'returned for revision', km: 'បង្វិលឲ្យកែសម្រួល' },
};

/** "Ouk Bopha, acting for Meas Visal": a decider's name, with the approver they acted for if any. */
function actingName(name: LocalizedText, principal: { fullName: string; fullNameKm: string | null } | null) {
  if (!principal) return name;
  const p = personName(principal);
  return { en: `${name.en}, acting for ${p.en}`, km: `${name.km} ដោយធ្វើការជំនួស ${p.km}` };
}

/** Who hears of a request's outcome, in the transaction that decided it. */
@Injectable()
export class DecisionNotices {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
    private readonly outcomes: RequestOutcomes,
  ) {}

  /** The submitter hears the decision (who made it, with their comment); the document's module, the outcome. */
  async notifyDecision(
    em: EntityManager,
    doc: Document,
    decision: 'approved' | 'rejected' | 'returned',
    decider: { userId: string | null; actingForId?: string | null },
    comment: string | null,
    eventKey: string,
    options: DeliveryOptions = {},
  ): Promise<void> {
    const by = decider.userId ? await this.org.findUserById(decider.userId, em) : null;
    // A delegate's decision names the approver they acted for too, as their task's notice did.
    const principal =
      by && decider.actingForId && decider.actingForId !== by.id
        ? await this.org.findUserById(decider.actingForId, em)
        : null;
    const notice = documentNotice(
      doc,
      [doc.submitterId],
      'approval.decided',
      {
        decision: DECISION_WORDS[decision],
        decidedBy: by ? actingName(personName(by), principal) : { en: 'the workflow', km: 'ប្រព័ន្ធ' },
        comment: comment ?? '',
      },
      `document:${doc.id}:${eventKey}`,
    );
    await (options.notifyNow
      ? this.notifications.createNow(em, [notice])
      : this.notifications.notify(em, notice));
    await this.reportOutcome(em, doc, decision);
  }

  /**
   * The approver a delegate acted for hears what was decided in their name (they answer for it),
   * in the transaction of the decision. Nothing when the task was the decider's own.
   */
  async notifyPrincipal(
    em: EntityManager,
    doc: Document,
    task: Pick<ApprovalTask, 'id' | 'actingForId' | 'comment'>,
    stage: Pick<ApprovalStage, 'name' | 'nameKm'>,
    decision: 'approved' | 'rejected' | 'returned',
    byUserId: string,
  ): Promise<void> {
    if (!task.actingForId || task.actingForId === byUserId) return;
    const by = await this.org.findUserById(byUserId, em);
    await this.notifications.notify(
      em,
      documentNotice(
        doc,
        [task.actingForId],
        'approval.decided_for_you',
        {
          decision: DECISION_WORDS[decision],
          decidedBy: personName(by),
          stage: stageName(stage),
          comment: task.comment ?? '',
        },
        `document:${doc.id}:${task.id}:for-principal`,
      ),
    );
  }

  /**
   * The module that owns the document's type (one that routes its own documents through the
   * workflow) hears of the outcome, in the same transaction.
   */
  async reportOutcome(em: EntityManager, doc: Document, outcome: RequestOutcome): Promise<void> {
    await this.outcomes.publish(em, {
      subjectType: doc.documentType,
      documentId: doc.id,
      outcome,
      verificationCode: outcome === 'approved' ? doc.verificationCode : null,
      decidedAt: new Date(),
    });
  }
}
