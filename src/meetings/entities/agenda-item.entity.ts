import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Meeting } from './meeting.entity.js';

/** One agenda item; children have a `parentId`; `position` orders siblings. */
@Entity('agenda_items')
@Index('agenda_items_meeting_idx', ['meetingId', 'position'])
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Relation<Meeting>;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<AgendaItem> | null;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'uuid', nullable: true })
  presenterUserId: string | null;

  @Column({ type: 'int', nullable: true })
  durationMinutes: number | null;
}
