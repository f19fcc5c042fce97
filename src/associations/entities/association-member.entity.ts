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
import { User } from '../../org/entities/user.entity.js';
import { Association } from './association.entity.js';

export const MEMBER_STATUSES = ['active', 'retired'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/** `committee` runs elections; `admin` manages the association (and may run elections too). */
export const MEMBER_ROLES = ['member', 'committee', 'admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A user's membership of an association. One per (association, user); member numbers are unique. */
@Check('association_members_status_check', `status IN ('active', 'retired')`)
@Check('association_members_role_check', `role IN ('member', 'committee', 'admin')`)
@Entity('association_members')
@Index('association_members_association_user_key', ['associationId', 'userId'], { unique: true })
@Index('association_members_association_member_no_key', ['associationId', 'memberNo'], { unique: true })
@Index('association_members_user_idx', ['userId'])
export class AssociationMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  associationId: string;

  @ManyToOne(() => Association, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'association_id' })
  association?: Relation<Association>;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  status: MemberStatus;

  /** The association's own member number (e.g. `A-0042`); unique within the association. */
  @Column({ type: 'text', nullable: true })
  memberNo: string | null;

  @Column({ type: 'date', nullable: true })
  joinedOn: string | null;

  @Column({ type: 'text', default: 'member' })
  role: MemberRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
