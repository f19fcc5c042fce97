import type { NotifyInput } from '../notifications/notifications.service.js';
import type { LocalizedText, NotificationParams, TemplateName } from '../notifications/templates.js';
import type { ApprovalStage } from './entities/approval-stage.entity.js';
import type { Document } from './entities/document.entity.js';

/** A notice about a document: it names the document (reference, title) and leads to its page. */
export function documentNotice(
  doc: Pick<Document, 'id' | 'referenceNumber' | 'title'>,
  userIds: string[],
  template: TemplateName,
  params: NotificationParams,
  eventKey: string,
): NotifyInput {
  return {
    userIds,
    template,
    params: { reference: doc.referenceNumber ?? '', title: doc.title, ...params },
    link: `/documents/${doc.id}`,
    eventKey,
  };
}

/** A person's name in the reader's language (Khmer falls back to the name as written); blank for nobody. */
export function personName(
  user: { fullName: string; fullNameKm: string | null } | null | undefined,
): LocalizedText {
  return { en: user?.fullName ?? '', km: user?.fullNameKm ?? user?.fullName ?? '' };
}

/** A stage's name in the reader's language (Khmer falls back to the name as written). */
export function stageName(stage: Pick<ApprovalStage, 'name' | 'nameKm'>): LocalizedText {
  return { en: stage.name, km: stage.nameKm ?? stage.name };
}
