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
import { OrgUnit } from '../../org/entities/org-unit.entity.js';

/** A working group; groups nest (a project working group with its sub-groups). */
@Entity('working_groups')
export class WorkingGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  nameKm: string | null;

  @Column({ type: 'text', nullable: true })
  purpose: string | null;

  @Index('working_groups_parent_id_idx')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => WorkingGroup, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<WorkingGroup> | null;

  @Column({ type: 'uuid', nullable: true })
  orgUnitId: string | null;

  @ManyToOne(() => OrgUnit, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'org_unit_id' })
  orgUnit?: Relation<OrgUnit> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
