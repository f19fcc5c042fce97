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

export const ERRATUM_STATUSES = ['in_approval', 'approved', 'rejected'] as const;
export type ErratumStatus = (typeof ERRATUM_STATUSES)[number];

/** A correction to approved (locked) minutes; approved through the DWF like the minutes themselves. */
@Entity('minutes_errata')
@Index('minutes_errata_meeting_idx', ['meetingId'])
export class MinutesErratum {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Relation<Meeting>;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', default: 'in_approval' })
  status: ErratumStatus;

  @Column({ type: 'uuid', nullable: true })
  documentId: string | null;

  @Column({ type: 'text', nullable: true })
  verificationCode: string | null;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Its own signed PDF, rendered when the chair approves it (the file the manifest covers). */
  @Column({ type: 'uuid', nullable: true })
  pdfFileId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
