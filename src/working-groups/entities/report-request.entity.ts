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
import { ProgressReport } from './progress-report.entity.js';

export const REQUEST_STATUSES = ['open', 'raised', 'accepted', 'declined', 'done'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A request a group makes in a progress report. It is addressed to the chair of the group above
 * the reporting group (`addresseeGroupId`); raising an unanswered request moves it one level up
 * (`raisedToGroupId` = the new addressee, status `raised`).
 */
@Entity('report_requests')
export class ReportRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('report_requests_report_id_idx')
  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => ProgressReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Relation<ProgressReport>;

  /** The group whose chair answers (the reporting group's parent, or the group itself at the top). */
  @Index('report_requests_addressee_idx')
  @Column({ type: 'uuid' })
  addresseeGroupId: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', default: 'open' })
  status: RequestStatus;

  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ type: 'uuid', nullable: true })
  respondedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  raisedToGroupId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  raisedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
