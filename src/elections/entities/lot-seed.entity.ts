import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { Election } from './election.entity.js';

/**
 * The secret half of an election's lot (commit-reveal): the seed drawn when voting opens, whose
 * SHA-256 is published on the election as `lotCommitment`. Kept apart from `elections` so that no
 * route that reads or presents an election can show it: only the draw reads it (the tie-break, or
 * the tally ordering tied substitutes), and the draw then publishes it in the results as `lotSeed`.
 */
@Entity('election_lot_seeds')
export class ElectionLotSeed {
  @PrimaryColumn({ type: 'uuid' })
  electionId: string;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id' })
  election?: Relation<Election>;

  /** 32 random bytes (node:crypto), lower-case hex. */
  @Column({ type: 'text' })
  seed: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
