import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ApprovalRequest } from './approval-request.entity.js';
import type { StageMode } from '../domain/stage-rules.js';
import type { ApproverSpec } from './workflow-template.entity.js';

export type StageStatus =
  'pending' | 'active' | 'approved' | 'rejected' | 'returned' | 'cancelled' | 'blocked';

/**
 * Why a stage is routed the way it is, one entry per approver spec (and per skip of the submitter):
 * - `resolved`: its holders today (`skippedUserId`: the submitter held it too and was left out);
 * - `vacant_routed_to_escalation` / `vacant_no_escalation`: nobody holds it;
 * - `submitter_skipped_routed_to_escalation` / `submitter_skipped_routed_to_superior` /
 *   `submitter_skipped_no_one`: the submitter was the one in line (they hold the post, are the named
 *   user, or are the escalation target of a vacancy) and the task went to `userId` instead;
 * - `delegate_is_submitter`: the approver `userId` delegated to the submitter, so keeps the task;
 * - `delegate_approved_earlier`: the approver `userId` delegated to `delegateId`, who approved an
 *   earlier stage of the request, so keeps the task (nobody signs one document twice);
 * - `escalation_target_is_submitter`: an overdue task was not escalated to the submitter;
 * - `routed_by_admin`: an admin routed a blocked stage to `userId`.
 */
export interface RoutingNote {
  approver: ApproverSpec;
  outcome:
    | 'resolved'
    | 'vacant_routed_to_escalation'
    | 'vacant_no_escalation'
    | 'submitter_skipped_routed_to_escalation'
    | 'submitter_skipped_routed_to_superior'
    | 'submitter_skipped_no_one'
    | 'delegate_is_submitter'
    | 'delegate_approved_earlier'
    | 'escalation_target_is_submitter'
    | 'routed_by_admin'
    | 'reassigned_by_admin'
    | 'taken_back';
  userId?: string;
  /** The unit whose head took the task (`submitter_skipped_routed_to_superior`). */
  unitId?: string;
  /** The submitter, when routing passed them over. */
  skippedUserId?: string;
  /** The delegate passed over (`delegate_approved_earlier`). */
  delegateId?: string;
  /** The overdue task (`escalation_target_is_submitter`). */
  taskId?: string;
  /** Whom the task was taken from (`reassigned_by_admin`; `taken_back`: the delegate). */
  fromUserId?: string;
  /** Why, as the administrator gave it (`reassigned_by_admin`). */
  reason?: string;
}

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

  /** The stage's name (English), copied from the template. */
  @Column({ type: 'text' })
  name: string;

  /** The stage's Khmer name, copied from the template (null: it has only `name`). */
  @Column({ type: 'text', nullable: true })
  nameKm: string | null;

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

  /** Why the stage is routed the way it is (see RoutingNote). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  routingNotes: RoutingNote[];
}
