import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { updatedRows } from '../outbox/outbox-events.js';
import type { JobContext, JobPayloads } from '../queue/jobs.js';
import { OnJob } from '../queue/on-job.decorator.js';
import { MailerService } from './mailer.service.js';
import { NotificationsService } from './notifications.service.js';
import { isTemplateName } from './templates.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The notification jobs: create the in-app notifications, then send each e-mail at most once. */
@Injectable()
export class NotificationJobs {
  private readonly logger = new Logger(NotificationJobs.name);

  constructor(
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly mailer: MailerService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One notification per (eventKey, user), in the user's language; one e-mail event for each new one. */
  @OnJob('notifications.dispatch')
  async dispatch(payload: JobPayloads['notifications.dispatch'], { em }: JobContext): Promise<void> {
    if (!isTemplateName(payload.template)) {
      throw new UnrecoverableError(`unknown notification template ${payload.template}`);
    }
    await this.notifications.createNow(em, [payload]);
  }

  /**
   * Claims the e-mail (pending → sending) in the job's transaction and sends it once that has
   * committed: a crash or retry never sends it twice (at most once); a failure is recorded.
   */
  @OnJob('notifications.email')
  async email(payload: JobPayloads['notifications.email'], ctx: JobContext): Promise<void> {
    if (!UUID.test(payload.notificationId)) return;
    const [n] = updatedRows<{
      id: string;
      title: string;
      body: string;
      link: string | null;
      email: string | null;
    }>(
      await ctx.em.query(
        `UPDATE notifications n SET email_status = CASE WHEN u.email IS NULL THEN 'skipped' ELSE 'sending' END
         FROM users u
         WHERE n.id = $1 AND n.email_status = 'pending' AND u.id = n.user_id
         RETURNING n.id, n.title, n.body, n.link, u.email`,
        [payload.notificationId],
      ),
    );
    if (!n?.email) return;
    const email = n.email;
    ctx.afterCommit(async () => {
      try {
        await this.mailer.send({ to: email, subject: n.title, text: this.emailText(n.body, n.link) });
        await this.dataSource.query(
          `UPDATE notifications SET email_status = 'sent', emailed_at = now() WHERE id = $1`,
          [n.id],
        );
      } catch (err) {
        this.logger.warn(`e-mail of notification ${n.id} failed: ${(err as Error).message}`);
        await this.dataSource.query(`UPDATE notifications SET email_status = 'failed' WHERE id = $1`, [n.id]);
      }
    });
  }

  private emailText(body: string, link: string | null): string {
    if (!link) return body;
    const url = /^https?:\/\//.test(link) ? link : new URL(link, this.config.PUBLIC_BASE_URL).toString();
    return `${body}\n\n${url}`;
  }
}
