import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../org/entities/user.entity.js';

/** Channels of one kind of notification; a kind not listed uses every channel. */
export interface KindChannels {
  inApp: boolean;
  email: boolean;
  telegram: boolean;
}

/** A user's choices: channels per kind of notification, and the approvers' daily digest. */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** kind (template name) → channels. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  channels: Record<string, KindChannels>;

  /** Waiting tasks come once a day in one message instead of one message each (e-mail, Telegram). */
  @Column({ type: 'boolean', default: false })
  dailyDigest: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
