import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { JobPayloads } from '../outbox/jobs.js';
import type { KindChannels } from './entities/notification-preference.entity.js';
import {
  DIGESTED,
  IN_APP_ONLY,
  isTemplateName,
  type NotificationParams,
  renderTemplate,
  type TemplateName,
} from './templates.js';
import { preparedQuery } from '../database/prepared-query.js';
import { isUuid } from '../common/uuid.js';

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

interface Recipient {
  id: string;
  locale: string;
  email: string | null;
  status: string;
  channels: Record<string, KindChannels> | null;
  daily_digest: boolean;
  telegram_linked: boolean;
}

const ALL_CHANNELS: KindChannels = { inApp: true, email: true, telegram: true };
const IN_APP: KindChannels = { inApp: true, email: false, telegram: false };

/**
 * Where one notification goes: the channels the user chose for its kind (all when never chosen),
 * less what cannot be reached (no address, no linked chat, a disabled account), less the e-mail
 * and Telegram message of a kind the user's daily digest replaces.
 */
export function deliveryOf(
  kind: string,
  u: Recipient,
  telegramAvailable: boolean,
): { inApp: boolean; email: boolean; telegram: boolean } {
  const choice = (IN_APP_ONLY as readonly string[]).includes(kind)
    ? IN_APP
    : { ...ALL_CHANNELS, ...(u.channels?.[kind] ?? {}) };
  const active = u.status !== 'disabled';
  const digested = u.daily_digest && (DIGESTED as readonly string[]).includes(kind);
  return {
    inApp: choice.inApp,
    email: choice.email && active && !digested && !!u.email,
    telegram: choice.telegram && active && !digested && telegramAvailable && u.telegram_linked,
  };
}

/**
 * In-app notifications and their e-mails, in each reader's language. `notify` only writes one
 * outbox event in the caller's transaction; the `notifications.dispatch` job does the rest.
 * A caller that is itself a job (already a follow-up, in its job's transaction) may use
 * `createNow` instead: the same notifications, written in that transaction, without a job of
 * their own.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /** Returns the outbox event id, or null when there is nobody to notify. */
  async notify(em: EntityManager, input: NotifyInput): Promise<string | null> {
    const payload = this.payload(input);
    return payload ? this.outbox.add(em, { name: 'notifications.dispatch', payload }) : null;
  }

  /** Several notifications (each its own event and eventKey) in one statement. */
  async notifyMany(em: EntityManager, inputs: NotifyInput[]): Promise<void> {
    const payloads = inputs.map((i) => this.payload(i)).filter((p) => p !== null);
    await this.outbox.add(
      em,
      payloads.map((payload) => ({ name: 'notifications.dispatch' as const, payload })),
    );
  }

  /**
   * What the dispatch job does, for any number of notifications, in the caller's transaction:
   * one notification per (eventKey, user) in the user's language (a repeat changes nothing) and one
   * `notifications.email` / `notifications.telegram` event for each new one that goes there (the
   * user's channels for its kind; see `deliveryOf`). The row is also the record of each delivery.
   */
  async createNow(
    em: EntityManager,
    inputs: (NotifyInput | JobPayloads['notifications.dispatch'])[],
  ): Promise<void> {
    const payloads = inputs.map((i) => this.payload(i as NotifyInput)).filter((p) => p !== null);
    const ids = [...new Set(payloads.flatMap((p) => p.userIds))].filter(isUuid);
    if (ids.length === 0) return;
    // The org module owns users; only id, locale, e-mail and status are read here.
    const users = new Map(
      (
        await preparedQuery<Recipient>(
          em,
          'notifications_recipients_channels',
          `SELECT u.id, u.locale, u.email, u.status, p.channels,
                  COALESCE(p.daily_digest, false) AS daily_digest, l.user_id IS NOT NULL AS telegram_linked
           FROM org_people u
           LEFT JOIN notification_preferences p ON p.user_id = u.id
           LEFT JOIN telegram_links l ON l.user_id = u.id
           WHERE u.id = ANY($1::uuid[])`,
          [ids],
        )
      ).map((u) => [u.id, u]),
    );
    const telegramAvailable = !!this.config.TELEGRAM_BOT_TOKEN;
    const rows = payloads.flatMap((p) =>
      [...new Set(p.userIds)]
        .sort()
        .flatMap((id) => (users.has(id) ? [users.get(id)!] : []))
        .map((u) => {
          const r = renderTemplate(p.template as never, u.locale, p.params);
          const to = deliveryOf(p.template, u, telegramAvailable);
          return {
            userId: u.id,
            eventKey: p.eventKey,
            kind: p.template,
            title: r.title,
            body: r.body,
            link: p.link ?? null,
            data: JSON.stringify({ params: p.params }),
            emailStatus: to.email ? 'pending' : 'skipped',
            inApp: to.inApp,
            telegramStatus: to.telegram ? 'pending' : 'skipped',
          };
        }),
    );
    if (rows.length === 0) return;
    const inserted = await preparedQuery<{ id: string; email_status: string; telegram_status: string }>(
      em,
      'notifications_create_channels',
      `INSERT INTO notifications (user_id, event_key, kind, title, body, link, data, email_status, in_app, telegram_status)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::boolean[], $10::text[])
       ON CONFLICT (event_key, user_id) DO NOTHING
       RETURNING id, email_status, telegram_status`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.eventKey),
        rows.map((r) => r.kind),
        rows.map((r) => r.title),
        rows.map((r) => r.body),
        rows.map((r) => r.link),
        rows.map((r) => r.data),
        rows.map((r) => r.emailStatus),
        rows.map((r) => r.inApp),
        rows.map((r) => r.telegramStatus),
      ],
    );
    await this.outbox.add(em, [
      ...inserted
        .filter((n) => n.email_status === 'pending')
        .map((n) => ({ name: 'notifications.email' as const, payload: { notificationId: n.id } })),
      ...inserted
        .filter((n) => n.telegram_status === 'pending')
        .map((n) => ({ name: 'notifications.telegram' as const, payload: { notificationId: n.id } })),
    ]);
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
