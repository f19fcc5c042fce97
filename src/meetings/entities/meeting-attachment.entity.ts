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
import { Meeting } from './meeting.entity.js';

/**
 * A photo or file attached to a meeting and its minutes (ministries publish meeting photos with
 * their reports). The bytes live in the files module; this row says which meeting it belongs to.
 */
@Entity('meeting_attachments')
@Index('meeting_attachments_meeting_idx', ['meetingId', 'createdAt'])
export class MeetingAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Relation<Meeting>;

  @Column({ type: 'uuid' })
  fileId: string;

  @Column({ type: 'text', nullable: true })
  caption: string | null;

  @Column({ type: 'uuid' })
  uploadedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
