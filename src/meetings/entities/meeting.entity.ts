import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MINUTES_STATUSES = ['none', 'draft', 'in_approval', 'approved'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

/**
 * A meeting of exactly one body: a working group, an association or an org unit (a CHECK
 * constraint). `bodyKey` (`wg:<id>`, `association:<id>`, `unit:<id>`) names the body in one column,
 * so "open action items of the same body" is one index lookup. The association id has no foreign
 * key: the associations module owns that table.
 */
@Entity('meetings')
@Check('meetings_one_body_chk', 'num_nonnulls(working_group_id, association_id, org_unit_id) = 1')
@Index('meetings_body_starts_idx', ['bodyKey', 'startsAt'])
@Index('meetings_starts_idx', ['startsAt'])
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  titleKm: string | null;

  @Column({ type: 'uuid', nullable: true })
  workingGroupId: string | null;

  @Column({ type: 'uuid', nullable: true })
  associationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  orgUnitId: string | null;

  @Column({ type: 'text' })
  bodyKey: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column({ type: 'uuid' })
  chairUserId: string;

  @Column({ type: 'uuid' })
  secretaryUserId: string;

  /** Quorum rule: at least `quorumCount` present, else at least `quorumPercent`% of the voting participants, else a simple majority. */
  @Column({ type: 'int', nullable: true })
  quorumCount: number | null;

  @Column({ type: 'int', nullable: true })
  quorumPercent: number | null;

  @Column({ type: 'text', default: 'scheduled' })
  status: MeetingStatus;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'text', default: 'none' })
  minutesStatus: MinutesStatus;

  /** The latest minutes revision (0: none yet). */
  @Column({ type: 'int', default: 0 })
  minutesRevision: number;

  /** The DWF document of the minutes once submitted. */
  @Column({ type: 'uuid', nullable: true })
  minutesDocumentId: string | null;

  /** The revision that was submitted (and, once approved, is the locked text). */
  @Column({ type: 'int', nullable: true })
  minutesSubmittedRevision: number | null;

  @Column({ type: 'text', nullable: true })
  minutesVerificationCode: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  minutesApprovedAt: Date | null;

  /**
   * The approved minutes rendered once, in final form, to PDF (a `files` row): the signed manifest
   * covers its SHA-256 and every export of the approved minutes serves it.
   */
  @Column({ type: 'uuid', nullable: true })
  minutesPdfFileId: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
