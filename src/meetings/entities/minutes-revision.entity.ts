import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { MinutesContent } from '../minutes-content.js';
import { Meeting } from './meeting.entity.js';

/**
 * One saved version of a meeting's minutes. Saves never overwrite: revision n+1 is a new row, and
 * the unique (meeting, revision) key makes two saves from the same base collide (one wins, 409).
 */
@Entity('minutes_revisions')
@Index('minutes_revisions_meeting_revision_key', ['meetingId', 'revision'], { unique: true })
export class MinutesRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Relation<Meeting>;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'jsonb' })
  content: MinutesContent;

  @Column({ type: 'uuid' })
  authorId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
