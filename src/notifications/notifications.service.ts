import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../outbox/outbox.service.js';
import { isTemplateName, type NotificationParams, type TemplateName } from './templates.js';

export interface NotifyInput {
  userIds: string[];
  template: TemplateName;
  params: NotificationParams;
  /** Where the notification leads in the app, e.g. `/documents/<id>`. */
  link?: string | null;
  /**
   * What caused it, deterministic (e.g. `task:<id>:assigned`): one notification per
   * (eventKey, user), however often notify is called with it.
   */
  eventKey: string;
}

/**
 * In-app notifications and their e-mails, in each reader's language. `notify` only writes one
 * outbox event in the caller's transaction; the `notifications.dispatch` job does the rest.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly outbox: OutboxService) {}

  /** Returns the outbox event id, or null when there is nobody to notify. */
  async notify(em: EntityManager, input: NotifyInput): Promise<string | null> {
    if (!isTemplateName(input.template))
      throw new Error(`Unknown notification template ${String(input.template)}`);
    if (!input.eventKey) throw new Error('notify needs an eventKey');
    const userIds = [...new Set(input.userIds.filter(Boolean))];
    if (userIds.length === 0) return null;
    return this.outbox.add(em, 'notifications.dispatch', {
      userIds,
      template: input.template,
      params: input.params,
      link: input.link ?? null,
      eventKey: input.eventKey,
    });
  }
}
