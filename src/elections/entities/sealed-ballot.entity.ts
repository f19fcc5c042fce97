import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A ballot as the vote stores it: sealed to its election's key (`ballot-seal.ts`), which the
 * database never holds. It is written in the voter's transaction (with the roll mark and the audit
 * entry, so its system columns match theirs); that is why nothing in it is readable here, and why
 * the mix deletes it when it moves the opened ballot into the box (`election_ballots`) after closing.
 */
@Entity('election_sealed_ballots')
@Index('election_sealed_ballots_election_idx', ['electionId'])
export class SealedBallot {
  /** Random; never reused by the ballot the mix makes of it. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** No foreign key, as for `election_ballots` (the election's one row would be locked by every vote). */
  @Column({ type: 'uuid' })
  electionId: string;

  /** Version, ephemeral key, nonce, AES-256-GCM ciphertext and tag; one length per election. */
  @Column({ type: 'bytea' })
  sealed: Buffer;
}
