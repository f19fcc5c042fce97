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

/** A node of the ministry's tree: ministry > general department > department > office. */
@Entity('org_units')
@Index('org_units_name_trgm', { synchronize: false })
@Index('org_units_name_km_trgm', { synchronize: false })
export class OrgUnit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short code used in reference numbers, e.g. `ICT`. Unique. */
  @Index('org_units_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  nameKm: string | null;

  @Index('org_units_parent_id_idx')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<OrgUnit> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
