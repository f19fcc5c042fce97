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
} from 'typeorm';
import { WorkingGroup } from './working-group.entity.js';

/** A group's progress for one period (`2026-Q3` or `2026-11`); one per group and period. */
@Entity('progress_reports')
@Check('progress_reports_percent_chk', 'progress_percent BETWEEN 0 AND 100')
@Index('progress_reports_group_period_key', ['groupId', 'period'], { unique: true })
export class ProgressReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  groupId: string;

  @ManyToOne(() => WorkingGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: Relation<WorkingGroup>;

  @Column({ type: 'text' })
  period: string;

  /** 0..100 (a CHECK constraint in the migration). */
  @Column({ type: 'int' })
  progressPercent: number;

  @Column({ type: 'text', nullable: true })
  achievements: string | null;

  @Column({ type: 'text', nullable: true })
  challenges: string | null;

  @Column({ type: 'uuid' })
  authorId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
