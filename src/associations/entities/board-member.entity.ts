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
import { Term } from './term.entity.js';

export const BOARD_ROLES = ['president', 'vice_president', 'treasurer', 'secretary', 'member'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];
export type BoardSeatKind = BoardRole | 'substitute';

/**
 * A seat on a term's board: an elected member with a role, or a substitute with a rank (1 = first
 * to step in). One row per (term, user), so installing a board twice cannot duplicate a seat.
 */
@Check(
  'board_members_role_check',
  `(role IN ('president', 'vice_president', 'treasurer', 'secretary', 'member') AND substitute_rank IS NULL) OR (role = 'substitute' AND substitute_rank >= 1)`,
)
@Entity('board_members')
@Index('board_members_term_user_key', ['termId', 'userId'], { unique: true })
export class BoardMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  termId: string;

  @ManyToOne(() => Term, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'term_id' })
  term?: Relation<Term>;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  role: BoardSeatKind;

  /** For substitutes: 1, 2, ... in the order they step in; null for seated members. */
  @Column({ type: 'int', nullable: true })
  substituteRank: number | null;

  /** The certified election that installed this seat (null when set by hand). */
  @Column({ type: 'uuid', nullable: true })
  electionId: string | null;

  /** Votes received in that election, for the record. */
  @Column({ type: 'int', nullable: true })
  votes: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
