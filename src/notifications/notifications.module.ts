import { Global, Module } from '@nestjs/common';
import { MailerService } from './mailer.service.js';
import { NotificationJobs } from './notification-jobs.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsInboxService } from './notifications-inbox.service.js';
import { NotificationsService } from './notifications.service.js';

/** In-app notifications and e-mail, in the reader's language (km or en). */
@Global()
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsInboxService, NotificationJobs, MailerService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
