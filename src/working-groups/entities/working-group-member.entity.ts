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
import { WorkingGroup } from './working-group.entity.js';

export const GROUP_ROLES = ['chair', 'vice_chair', 'secretary', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/**
 * A user's role in a group from `validFrom` to `validTo` (both inclusive; `validTo` null: open).
 * A role change closes the old row and opens a new one, so the history stays.
 */
@Entity('working_group_members')
@Index('working_group_members_group_user_idx', ['groupId', 'userId'])
export class WorkingGroupMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  groupId: string;

  @ManyToOne(() => WorkingGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: Relation<WorkingGroup>;

  @Index('working_group_members_user_id_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  role: GroupRole;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
