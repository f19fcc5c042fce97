import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../org/entities/user.entity.js';

/** A user's Telegram chat, confirmed by the bot with a one-time code. One chat, one user. */
@Entity('telegram_links')
@Index('telegram_links_chat_id_key', ['chatId'], { unique: true })
export class TelegramLink {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** The private chat's id (a 64-bit integer, kept as text by the driver). */
  @Column({ type: 'bigint' })
  chatId: string;

  @Column({ type: 'text', nullable: true })
  telegramUsername: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  linkedAt: Date;
}
