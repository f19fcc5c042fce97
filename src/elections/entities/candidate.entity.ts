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
import { Election } from './election.entity.js';

export type CandidateStatus = 'active' | 'withdrawn';

/** A member standing in an election. `ballotOrder` is drawn once, when voting opens. */
@Check('election_candidates_status_check', `status IN ('active', 'withdrawn')`)
@Entity('election_candidates')
@Index('election_candidates_election_user_key', ['electionId', 'userId'], { unique: true })
export class Candidate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  electionId: string;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id' })
  election?: Relation<Election>;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** In Khmer or English, as the candidate wrote it. */
  @Column({ type: 'text', nullable: true })
  statement: string | null;

  @Column({ type: 'int', nullable: true })
  ballotOrder: number | null;

  @Column({ type: 'text', default: 'active' })
  status: CandidateStatus;

  @Column({ type: 'uuid' })
  nominatedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
