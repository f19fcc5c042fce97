import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Document } from './document.entity.js';
import { WorkflowTemplate } from './workflow-template.entity.js';

/** One decided task of the request, as the inbox shows it. */
export interface ActedBeforeEntry {
  stage: string;
  userId: string;
  name: string;
  nameKm: string | null;
  actingForId: string | null;
  status: 'approved' | 'returned' | 'rejected';
  comment: string | null;
  /** `toISOString()` of the decision time. */
  decidedAt: string;
}

/**
 * `blocked`: a stage's approver post is vacant and the stage has no escalation target; admins see
 * it in GET /approvals/blocked and route it by hand (POST /approval-requests/:id/route).
 */
export type RequestStatus = 'active' | 'blocked' | 'approved' | 'rejected' | 'returned' | 'withdrawn';

/** A document's run through one pinned template version. One per document; a resubmission is a new round. */
@Entity('approval_requests')
@Index('approval_requests_status_idx', ['status'])
export class ApprovalRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('approval_requests_document_id_key', { unique: true })
  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => Document, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document?: Relation<Document>;

  @Column({ type: 'uuid' })
  templateId: string;

  @ManyToOne(() => WorkflowTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: Relation<WorkflowTemplate>;

  @Column({ type: 'int' })
  templateVersion: number;

  @Column({ type: 'text', default: 'active' })
  status: RequestStatus;

  @Column({ type: 'int', default: 0 })
  currentStage: number;

  /** 1 on the first submission, +1 on each resubmission. */
  @Column({ type: 'int', default: 1 })
  round: number;

  /** The document version under review in this round. */
  @Column({ type: 'int' })
  versionNo: number;

  /**
   * Who has decided on this request so far (`InboxItemDto.actedBefore`), oldest first, with the
   * approvers' current names. Kept by the database, not by the services: triggers (migration
   * ActedBefore) rebuild it from the request's tasks whenever a task enters or leaves a decided
   * status, and when a user's name changes, in the transaction that made the change. The services'
   * own `to_jsonb(r)` reads leave it out, as `approvals_lock_task` does (migration
   * LockTaskWithoutActedBefore).
   */
  @Column({ type: 'json', default: () => "'[]'", select: false, insert: false, update: false })
  actedBefore: ActedBeforeEntry[];

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
