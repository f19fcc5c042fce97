import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Meeting } from './meeting.entity.js';

export const PARTICIPANT_ROLES = ['chair', 'vice_chair', 'secretary', 'member', 'guest', 'observer'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const ATTENDANCE = ['unknown', 'present', 'absent', 'excused'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/** A participant: a user, or a named guest (e.g. a minister) without an account. */
@Entity('meeting_participants')
@Check('meeting_participants_who_chk', 'user_id IS NOT NULL OR name IS NOT NULL')
@Index('meeting_participants_meeting_user_key', ['meetingId', 'userId'], {
  unique: true,
  where: 'user_id IS NOT NULL',
})
@Index('meeting_participants_user_idx', ['userId'])
export class MeetingParticipant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Relation<Meeting>;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text' })
  role: ParticipantRole;

  @Column({ type: 'text', default: 'unknown' })
  attendance: Attendance;

  @Column({ type: 'int' })
  position: number;
}
