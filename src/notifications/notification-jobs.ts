import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { updatedRows } from '../outbox/outbox-events.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { JobContext, JobPayloads } from '../queue/jobs.js';
import { OnJob } from '../queue/on-job.decorator.js';
import { MailerService } from './mailer.service.js';
import { isTemplateName, renderTemplate } from './templates.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Recipient {
  id: string;
  locale: string;
  email: string | null;
  status: string;
}

/** The notification jobs: create the in-app notifications, then send each e-mail at most once. */
@Injectable()
export class NotificationJobs {
  private readonly logger = new Logger(NotificationJobs.name);

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly mailer: MailerService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One notification per (eventKey, user), in the user's language; one e-mail event for each new one. */
  @OnJob('notifications.dispatch')
  async dispatch(payload: JobPayloads['notifications.dispatch'], { em }: JobContext): Promise<void> {
    if (!isTemplateName(payload.template)) {
      throw new UnrecoverableError(`unknown notification template ${payload.template}`);
    }
    const ids = payload.userIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return;
    // The org module owns users; only id, locale, e-mail and status are read here.
    const users = await em.query<Recipient[]>(
      `SELECT id, locale, email, status FROM users WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    );
    if (users.length === 0) return;
    const rendered = users.map((u) => renderTemplate(payload.template as never, u.locale, payload.params));
    const inserted = await em.query<{ id: string; email_status: string }[]>(
      `INSERT INTO notifications (user_id, event_key, kind, title, body, link, data, email_status)
       SELECT u.user_id, $5, $6, u.title, u.body, $7, $8::jsonb, u.email_status
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(user_id, title, body, email_status)
       ON CONFLICT (event_key, user_id) DO NOTHING
       RETURNING id, email_status`,
      [
        users.map((u) => u.id),
        rendered.map((r) => r.title),
        rendered.map((r) => r.body),
        users.map((u) => (u.email && u.status !== 'disabled' ? 'pending' : 'skipped')),
        payload.eventKey,
        payload.template,
        payload.link ?? null,
        JSON.stringify({ params: payload.params }),
      ],
    );
    await this.outbox.addMany(
      em,
      'notifications.email',
      inserted.filter((n) => n.email_status === 'pending').map((n) => ({ notificationId: n.id })),
    );
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
