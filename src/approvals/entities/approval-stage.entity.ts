import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ApprovalRequest } from './approval-request.entity.js';
import type { StageMode } from '../domain/stage-rules.js';
import type { ApproverSpec } from './workflow-template.entity.js';

export type StageStatus =
  'pending' | 'active' | 'approved' | 'rejected' | 'returned' | 'cancelled' | 'blocked';

/** A stage of a request, copied from the template at submission (the snapshot does not change). */
@Entity('approval_stages')
@Index('approval_stages_request_index_key', ['requestId', 'index'], { unique: true })
export class ApprovalStage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requestId: string;

  @ManyToOne(() => ApprovalRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id' })
  request?: Relation<ApprovalRequest>;

  @Column({ type: 'int' })
  index: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  mode: StageMode;

  @Column({ type: 'int', nullable: true })
  quorum: number | null;

  @Column({ type: 'jsonb' })
  approvers: ApproverSpec[];

  @Column({ type: 'double precision', nullable: true })
  slaHours: number | null;

  @Column({ type: 'uuid', nullable: true })
  escalateToUserId: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: StageStatus;

  /** The request round in which this stage was last activated; only that round's tasks count. */
  @Column({ type: 'int', default: 0 })
  round: number;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Why the stage is routed the way it is (vacant posts sent to the escalation target, blocked). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  routingNotes: { approver: ApproverSpec; outcome: string; userId?: string }[];
}
