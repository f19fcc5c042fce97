import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { User } from '../../org/entities/user.entity.js';

/** A one-time, expiring code of a deep link `https://t.me/<bot>?start=<code>`; only its SHA-256 is kept. */
@Entity('telegram_link_codes')
@Index('telegram_link_codes_user_idx', ['userId'])
export class TelegramLinkCode {
  @PrimaryColumn({ type: 'text' })
  codeHash: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
