import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Condition } from '../domain/condition.js';
import type { StageMode } from '../domain/stage-rules.js';

export type ApproverSpec =
  | { userId: string }
  | { orgUnitId: string; post: 'head' | 'deputy' }
  | { relative: 'submitter_unit_head' | 'submitter_parent_unit_head' };

export interface StageSpec {
  /** The stage's name in English (older templates: whatever one name they were given). */
  name: string;
  /** The stage's name in Khmer (null or missing: it has only `name`). */
  nameKm?: string | null;
  mode: StageMode;
  quorum?: number | null;
  approvers: ApproverSpec[];
  slaHours?: number | null;
  escalateToUserId?: string | null;
}

/**
 * A versioned workflow: saving a template under an existing name makes version n+1 and retires the
 * previous one for new submissions; running requests keep the version they started with.
 */
@Entity('workflow_templates')
@Index('workflow_templates_name_version_key', ['name', 'version'], { unique: true })
@Index('workflow_templates_type_active_idx', ['documentType', 'active'])
export class WorkflowTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The template's name in English (older templates: whatever one name they were given); versions count per name. */
  @Column({ type: 'text' })
  name: string;

  /** The template's name in Khmer, for display (per version: the latest save's). */
  @Column({ type: 'text', nullable: true })
  nameKm: string | null;

  @Column({ type: 'text' })
  documentType: string;

  @Column({ type: 'jsonb', nullable: true })
  condition: Condition | null;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'jsonb' })
  stages: StageSpec[];

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
