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
import { OrgUnit } from './org-unit.entity.js';
import { User } from './user.entity.js';

export type PostKind = 'head' | 'deputy' | 'member';

/** Who holds which post in a unit, and from when to when (`validTo` null: still holds it). */
@Entity('org_posts')
@Index('org_posts_unit_kind_idx', ['orgUnitId', 'kind'])
export class OrgPost {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_unit_id' })
  orgUnit?: Relation<OrgUnit>;

  @Index('org_posts_user_id_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  kind: PostKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  titleKm: string | null;

  @Column({ type: 'date', nullable: true })
  validFrom: string | null;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
