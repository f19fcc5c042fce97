import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../outbox/outbox.service.js';
import type { JobPayloads } from '../queue/jobs.js';
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
    const payload = this.payload(input);
    return payload ? this.outbox.add(em, 'notifications.dispatch', payload) : null;
  }

  /** Several notifications (each its own event and eventKey) in one statement. */
  async notifyMany(em: EntityManager, inputs: NotifyInput[]): Promise<void> {
    const payloads = inputs.map((i) => this.payload(i)).filter((p) => p !== null);
    await this.outbox.addMany(em, 'notifications.dispatch', payloads);
  }

  private payload(input: NotifyInput): JobPayloads['notifications.dispatch'] | null {
    if (!isTemplateName(input.template))
      throw new Error(`Unknown notification template ${String(input.template)}`);
    if (!input.eventKey) throw new Error('notify needs an eventKey');
    const userIds = [...new Set(input.userIds.filter(Boolean))];
    if (userIds.length === 0) return null;
    return {
      userIds,
      template: input.template,
      params: input.params,
      link: input.link ?? null,
      eventKey: input.eventKey,
    };
  }
}
