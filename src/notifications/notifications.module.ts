import { Module } from '@nestjs/common';
import { DigestJobs } from './digest.jobs.js';
import { MailerService } from './mailer.service.js';
import { NotificationJobs } from './notification-jobs.js';
import { NotificationSettingsController } from './notification-settings.controller.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsInboxService } from './notifications-inbox.service.js';
import { NotificationsService } from './notifications.service.js';
import { TelegramBot } from './telegram/telegram-bot.service.js';
import { TelegramDeliveryJobs } from './telegram/telegram-delivery.jobs.js';
import { TelegramLinksService } from './telegram/telegram-links.service.js';
import { TelegramPolling } from './telegram/telegram-polling.service.js';
import { TelegramWebhookController } from './telegram/telegram-webhook.controller.js';
import { AuditModule } from '../audit/audit.module.js';

/**
 * Notifications in the reader's language (km or en): in the app, by e-mail and on Telegram, through
 * the channels each user chose per kind; the approvers' daily digest.
 */
@Module({
  imports: [AuditModule],
  controllers: [NotificationsController, NotificationSettingsController, TelegramWebhookController],
  providers: [
    NotificationsService,
    NotificationsInboxService,
    NotificationJobs,
    MailerService,
    NotificationSettingsService,
    DigestJobs,
    TelegramBot,
    TelegramLinksService,
    TelegramDeliveryJobs,
    TelegramPolling,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
