import type { EntityManager } from 'typeorm';
import type { Election } from './entities/election.entity.js';
import { ElectionLotSeed } from './entities/lot-seed.entity.js';
import { lotCommitmentOf } from './lot.js';

/**
 * The election's committed lot seed, checked against its published commitment; null for an
 * election opened before seeds were committed. Read only by a draw (never by a GET route).
 */
export async function committedLotSeed(em: EntityManager, e: Election): Promise<string | null> {
  const row = await em.findOneBy(ElectionLotSeed, { electionId: e.id });
  if (!row && !e.lotCommitment) return null;
  if (!row || lotCommitmentOf(row.seed) !== e.lotCommitment) {
    // Never draw with a seed that is not the one published: that would break the promise.
    throw new Error(`election ${e.id}: the stored lot seed does not match its lotCommitment`);
  }
  return row.seed;
}
