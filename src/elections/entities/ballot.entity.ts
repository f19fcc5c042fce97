import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Election } from './election.entity.js';

/**
 * A ballot in the box: put here by the mix after voting closes (never by a vote), all of an
 * election's in one transaction and in a random order, so neither its system columns (xmin, ctid)
 * nor its place says anything about who cast it or when. It holds no voter and no time: only a
 * random id, the receipt code handed to the voter and the chosen candidate ids. The receipts and
 * the choices are published separately after closing, never side by side.
 */
@Entity('election_ballots')
@Index('election_ballots_election_receipt_key', ['electionId', 'receipt'], { unique: true })
export class Ballot {
  /** Random (gen_random_uuid), so the id says nothing about the order of casting. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  electionId: string;

  /**
   * No foreign key: every ballot insert would take a KEY SHARE lock on the election's row, the
   * one row all concurrent ballots share (PostgreSQL then rebuilds a MultiXact of all the lockers
   * for each ballot: the hot spot of an election). Only the mix inserts, for an election it has
   * locked; elections are never deleted (they end cancelled or certified).
   */
  @ManyToOne(() => Election, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'election_id' })
  election?: Relation<Election>;

  @Column({ type: 'text' })
  receipt: string;

  /** The chosen candidate ids (empty: a blank ballot). */
  @Column({ type: 'uuid', array: true })
  choices: string[];
}
