import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Election } from './election.entity.js';

/**
 * The voter roll, frozen when voting opens. It says who may vote and whether they have voted,
 * never when (no timestamp) and never how. `voted` flips once: the vote's conditional UPDATE is
 * what enforces one ballot per voter.
 */
@Entity('election_voter_roll')
export class VoterRollEntry {
  @PrimaryColumn({ type: 'uuid' })
  electionId: string;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id' })
  election?: Relation<Election>;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @Column({ type: 'boolean', default: false })
  voted: boolean;
}
