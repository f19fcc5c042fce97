import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Meeting } from './meeting.entity.js';

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/**
 * An action item from a meeting's minutes, kept in its own table so it lives on across meetings:
 * the next meeting of the same body (`bodyKey`) lists the open ones, owners update them, and an
 * overdue one reminds its owner once a day (`lastRemindedOn` guards the day).
 */
@Entity('action_items')
@Index('action_items_body_status_idx', ['bodyKey', 'status'])
@Index('action_items_owner_status_idx', ['ownerUserId', 'status'])
@Index('action_items_meeting_idx', ['meetingId'])
export class ActionItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Relation<Meeting>;

  @Column({ type: 'text' })
  bodyKey: string;

  /** The agenda item it came out of (none: the meeting as a whole). */
  @Column({ type: 'uuid', nullable: true })
  agendaItemId: string | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'uuid' })
  ownerUserId: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'text', default: 'open' })
  status: ActionItemStatus;

  @Column({ type: 'text', nullable: true })
  progressNote: string | null;

  /** The UTC day the owner was last reminded that it is overdue. */
  @Column({ type: 'date', nullable: true })
  lastRemindedOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
