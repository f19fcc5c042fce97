import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Association } from '../../associations/entities/association.entity.js';
import { Term } from '../../associations/entities/term.entity.js';
import type { MemberStatus } from '../../associations/entities/association-member.entity.js';
import type { ElectionStatus } from '../election-state.js';
import type { ElectionResults } from '../tally.js';

export type TieBreakMethod = 'lot' | 'runoff';

/**
 * A board election for a term. Its lifecycle is the table in `election-state.ts`. A runoff
 * election (among candidates tied across the last seat) points at its parent.
 */
@Check(
  'elections_status_check',
  `status IN ('draft', 'nominations', 'voting', 'closed', 'certified', 'cancelled')`,
)
@Check('elections_tie_break_check', `tie_break IN ('lot', 'runoff')`)
@Check(
  'elections_seats_check',
  `seats > 0 AND max_choices BETWEEN 1 AND seats AND voting_closes_at > voting_opens_at`,
)
@Entity('elections')
@Index('elections_association_idx', ['associationId'])
@Index('elections_parent_idx', ['parentElectionId'])
// One certified (top-level) election per term: certification installs the board exactly once.
@Index('elections_one_certified_per_term_key', ['termId'], {
  unique: true,
  where: "status = 'certified' AND parent_election_id IS NULL",
})
export class Election {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  associationId: string;

  @ManyToOne(() => Association, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'association_id' })
  association?: Relation<Association>;

  @Column({ type: 'uuid' })
  termId: string;

  @ManyToOne(() => Term, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'term_id' })
  term?: Relation<Term>;

  @Column({ type: 'uuid', nullable: true })
  parentElectionId: string | null;

  @ManyToOne(() => Election, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_election_id' })
  parentElection?: Relation<Election> | null;

  @Column({ type: 'text' })
  title: string;

  /** The title in Khmer, for Khmer readers (pages, notices); `title` for the others. */
  @Column({ type: 'text', nullable: true })
  titleKm: string | null;

  @Column({ type: 'int' })
  seats: number;

  @Column({ type: 'int' })
  maxChoices: number;

  @Column({ type: 'text', array: true, default: () => "'{active}'" })
  eligibleStatuses: MemberStatus[];

  @Column({ type: 'timestamptz', nullable: true })
  nominationsOpenAt: Date | null;

  @Column({ type: 'timestamptz' })
  votingOpensAt: Date;

  @Column({ type: 'timestamptz' })
  votingClosesAt: Date;

  /** Minimum turnout (percent of the voter roll) for the result to stand; null: none. */
  @Column({
    type: 'numeric',
    precision: 5,
    scale: 2,
    nullable: true,
    transformer: {
      to: (v: number | null | undefined) => v,
      from: (v: string | null) => (v === null ? null : Number(v)),
    },
  })
  quorumPercent: number | null;

  @Column({ type: 'text' })
  tieBreak: TieBreakMethod;

  /**
   * SHA-256 (lower-case hex) of the lot seed drawn when voting opened (`ElectionLotSeed`), published
   * so that nobody can choose the seed once the tie is known. Null before voting opens, and for an
   * election opened before seeds were committed.
   */
  @Column({ type: 'text', nullable: true })
  lotCommitment: string | null;

  @Column({ type: 'text', default: 'draft' })
  status: ElectionStatus;

  /** When voting actually opened and closed (by the queue or by hand). */
  @Column({ type: 'timestamptz', nullable: true })
  votingOpenedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  votingClosedAt: Date | null;

  /** Size of the frozen voter roll. */
  @Column({ type: 'int', nullable: true })
  eligibleCount: number | null;

  /** The tally (see `tally.ts`), stored by the tally job and updated by a tie-break. */
  @Column({ type: 'jsonb', nullable: true })
  results: ElectionResults | null;

  @Column({ type: 'timestamptz', nullable: true })
  talliedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  certifiedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  certifiedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
