import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** pending → sending (claimed; at most one send) → sent | failed; skipped: no address. */
export type EmailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/**
 * pending → sending (claimed; at most one send) → sent | failed | blocked (the user blocked the
 * bot); skipped: not linked, or the user did not choose Telegram for this kind.
 */
export type TelegramStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked' | 'skipped';

/** An in-app notification; also the record of its e-mail. One per (event, user): at most once. */
@Entity('notifications')
@Index('notifications_user_created_idx', ['userId', 'createdAt'])
@Index('notifications_user_unread_idx', ['userId'], { where: 'read_at IS NULL' })
@Index('notifications_event_user_key', ['eventKey', 'userId'], { unique: true })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  /** What caused it (outbox event id, or a deterministic key); with userId, unique. */
  @Column({ type: 'text' })
  eventKey: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', nullable: true })
  link: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ type: 'text', default: 'pending' })
  emailStatus: EmailStatus;

  @Column({ type: 'timestamptz', nullable: true })
  emailedAt: Date | null;

  /** Shown in the app (the user may choose e-mail or Telegram only for a kind); else only the record. */
  @Column({ type: 'boolean', default: true })
  inApp: boolean;

  @Column({ type: 'text', default: 'skipped' })
  telegramStatus: TelegramStatus;

  /** The Bot API's message_id of the sent message: the record that it was delivered. */
  @Column({ type: 'bigint', nullable: true })
  telegramMessageId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  telegrammedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
