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

/** An approver away: tasks created for them in [startsAt, endsAt) go to `toUserId`, for some types or all. */
@Entity('delegations')
@Index('delegations_from_user_idx', ['fromUserId', 'startsAt'])
export class Delegation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  fromUserId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_user_id' })
  fromUser?: Relation<User>;

  @Index('delegations_to_user_id_idx')
  @Column({ type: 'uuid' })
  toUserId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_user_id' })
  toUser?: Relation<User>;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  /** Null: every document type. */
  @Column({ type: 'text', array: true, nullable: true })
  documentTypes: string[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
