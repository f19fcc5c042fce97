import { Module } from '@nestjs/common';
import { DigestJob } from './jobs/digest.job.js';
import { DispatchJob } from './jobs/dispatch.job.js';
import { EmailJob } from './jobs/email.job.js';
import { TelegramReplyJob } from './jobs/telegram-reply.job.js';
import { TelegramJob } from './jobs/telegram.job.js';
import { MailerService } from './mailer.service.js';
import { NotificationSettingsController } from './notification-settings.controller.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsInboxService } from './notifications-inbox.service.js';
import { NotificationsService } from './notifications.service.js';
import { TelegramBot } from './telegram/telegram-bot.service.js';
import { TelegramLinksService } from './telegram/telegram-links.service.js';
import { TelegramPolling } from './telegram/telegram-polling.service.js';
import { TelegramWebhookController } from './telegram/telegram-webhook.controller.js';
import { WaitingNotices } from './waiting-notices.js';
import { WaitingWork } from './waiting-work.js';
import { CalendarEntries } from './calendar-entries.js';
import { AuditModule } from '../audit/audit.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';

/**
 * Notifications in the reader's language (km or en): in the app, by e-mail and on Telegram, through
 * the channels each user chose per kind; the approvers' daily digest.
 */
@Module({
  imports: [OutboxModule, AuditModule],
  controllers: [NotificationsController, NotificationSettingsController, TelegramWebhookController],
  providers: [
    NotificationsService,
    NotificationsInboxService,
    DispatchJob,
    EmailJob,
    MailerService,
    NotificationSettingsService,
    DigestJob,
    TelegramBot,
    TelegramLinksService,
    TelegramJob,
    TelegramReplyJob,
    TelegramPolling,
    WaitingNotices,
    WaitingWork,
    CalendarEntries,
  ],
  exports: [NotificationsService, WaitingNotices, WaitingWork, CalendarEntries],
})
export class NotificationsModule {}
