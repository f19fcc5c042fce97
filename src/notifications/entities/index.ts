import { NotificationPreference } from './notification-preference.entity.js';
import { Notification } from './notification.entity.js';
import { TelegramLinkCode } from './telegram-link-code.entity.js';
import { TelegramLink } from './telegram-link.entity.js';

/** The notifications module's entities (globs do not load under ESM tests): add new ones here. */
export const notificationEntities = [Notification, NotificationPreference, TelegramLink, TelegramLinkCode];
