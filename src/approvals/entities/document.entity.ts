import {
  Check,
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
import { User } from '../../org/entities/user.entity.js';
import { OrgUnit } from '../../org/entities/org-unit.entity.js';
import type { DocumentStatus } from '../domain/state-machine.js';

export type Classification = 'public' | 'internal' | 'confidential';

/** A document submitted for sign-off. Its content lives in its versions. */
@Entity('documents')
@Index('documents_submitter_created_idx', ['submitterId', 'createdAt'])
@Index('documents_status_type_idx', ['status', 'documentType'])
@Index('documents_org_unit_id_idx', ['orgUnitId'])
@Index('documents_title_trgm', { synchronize: false })
@Index('documents_reference_number_trgm', { synchronize: false })
@Check('documents_revocation_check', '(revoked_at IS NULL) = (revocation_reason IS NULL)')
export class Document {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  documentType: string;

  /** The issuing unit: its code prefixes the reference number. */
  @Column({ type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_unit_id' })
  orgUnit?: Relation<OrgUnit>;

  @Column({ type: 'text', default: 'internal' })
  classification: Classification;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata: Record<string, unknown>;

  @Column({ type: 'text', default: 'draft' })
  status: DocumentStatus;

  @Column({ type: 'uuid' })
  submitterId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitter_id' })
  submitter?: Relation<User>;

  @Column({ type: 'int', default: 1 })
  currentVersionNo: number;

  @Index('documents_reference_number_key', { unique: true })
  @Column({ type: 'text', nullable: true })
  referenceNumber: string | null;

  @Index('documents_verification_code_key', { unique: true })
  @Column({ type: 'text', nullable: true })
  verificationCode: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  /**
   * Revoked after approval (by the issuing unit's head or an admin): the public verification answers
   * "revoked" with the date and reason from then on. The signature and the status stay as they were.
   */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revoked_by_id' })
  revokedBy?: Relation<User>;

  @Column({ type: 'text', nullable: true })
  revocationReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
