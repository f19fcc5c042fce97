import { UnrecoverableError } from 'bullmq';
import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { NotificationsService } from '../notifications.service.js';
import { isTemplateName, type NotificationParams } from '../templates.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Create the in-app notifications of one event and queue their e-mails. */
    'notifications.dispatch': {
      userIds: string[];
      template: string;
      params: NotificationParams;
      link?: string | null;
      eventKey: string;
    };
  }
}

/** One notification per (eventKey, user), in the user's language; one e-mail event for each new one. */
@Job({ name: 'notifications.dispatch', queue: QueueName.Notifications, retry: STANDARD_RETRY })
export class DispatchJob implements JobHandler<'notifications.dispatch'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle(payload: JobPayloads['notifications.dispatch'], { em }: JobContext): Promise<void> {
    if (!isTemplateName(payload.template)) {
      throw new UnrecoverableError(`unknown notification template ${payload.template}`);
    }
    await this.notifications.createNow(em, [payload]);
  }
}
