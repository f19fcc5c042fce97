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
import { User } from '../../org/entities/user.entity.js';
import { ApprovalStage } from './approval-stage.entity.js';
import type { TaskStatus } from '../domain/state-machine.js';

/**
 * How the task came to its assignee: the stage's own approver, the escalation target standing in for a
 * vacant post (or for the submitter), the head above a post the submitter was in line for
 * (`next_in_line`), the escalation target added at an SLA deadline, or a routing by an admin.
 */
export type TaskOrigin =
  'approver' | 'vacancy_escalation' | 'next_in_line' | 'sla_escalation' | 'admin_route';

@Entity('approval_tasks')
@Index('approval_tasks_inbox_idx', ['assigneeId', 'dueAt', 'id'], { where: "status = 'pending'" })
@Index('approval_tasks_stage_id_idx', ['stageId'])
@Index('approval_tasks_request_id_idx', ['requestId'])
@Index('approval_tasks_document_id_idx', ['documentId'])
@Index('approval_tasks_assignee_decided_idx', ['assigneeId', 'decidedAt'])
@Index('approval_tasks_acting_for_id_idx', ['actingForId'], { where: 'acting_for_id IS NOT NULL' })
@Index('approval_tasks_overdue_idx', ['dueAt'], { where: "status = 'pending'" })
export class ApprovalTask {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requestId: string;

  @Column({ type: 'uuid' })
  stageId: string;

  @ManyToOne(() => ApprovalStage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'stage_id' })
  stage?: Relation<ApprovalStage>;

  @Column({ type: 'uuid' })
  documentId: string;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'uuid' })
  assigneeId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: Relation<User>;

  /** The approver this task's assignee acts for (delegation), or null. */
  @Column({ type: 'uuid', nullable: true })
  actingForId: string | null;

  @Column({ type: 'text', default: 'approver' })
  origin: TaskOrigin;

  /** For an SLA escalation: the overdue task this one stands in for. */
  @Column({ type: 'uuid', nullable: true })
  escalatedFromTaskId: string | null;

  /** The post through which the approver was chosen (for the signed manifest), when known. */
  @Column({ type: 'text', nullable: true })
  postTitle: string | null;

  @Column({ type: 'text', nullable: true })
  postTitleKm: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: TaskStatus;

  /** The document version the assignee was shown. */
  @Column({ type: 'int' })
  versionNo: number;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
