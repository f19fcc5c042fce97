import type { EntityManager } from 'typeorm';
import { Candidate } from './entities/candidate.entity.js';
import { Election } from './entities/election.entity.js';

/**
 * The demo's board election, for the demo seed (src/seed) to call in its transaction: the 7th
 * term's 11 seats, 20 candidates (the `candidates` usernames, in order), nominations open, voting
 * planned from tomorrow for a week, active and retired members eligible, ties broken by lot. The
 * association's admin or committee opens voting on the election's page (nothing is scheduled in the
 * queue for it, so it opens when they say). Returns the election's id.
 */
export async function seedElectionDemo(
  em: EntityManager,
  input: { associationId: string; termId: string; createdBy: string; candidates: string[] },
  users: Map<string, string>,
): Promise<string> {
  const now = Date.now();
  const election = await em.save(
    em.create(Election, {
      associationId: input.associationId,
      termId: input.termId,
      parentElectionId: null,
      title: 'Board election, 7th term',
      titleKm: 'ការបោះឆ្នោតជ្រើសរើសក្រុមប្រឹក្សាភិបាលអាណត្តិទី ៧',
      seats: 11,
      maxChoices: 11,
      eligibleStatuses: ['active', 'retired'],
      nominationsOpenAt: new Date(now),
      votingOpensAt: new Date(now + 86_400_000),
      votingClosesAt: new Date(now + 8 * 86_400_000),
      quorumPercent: 50,
      tieBreak: 'lot',
      status: 'nominations',
      createdBy: input.createdBy,
    }),
  );
  await em.save(
    input.candidates
      .filter((username) => users.has(username))
      .map((username) =>
        em.create(Candidate, {
          electionId: election.id,
          userId: users.get(username)!,
          statement: 'ខ្ញុំសូមបម្រើសមាជិកទាំងអស់ដោយស្មោះត្រង់',
          ballotOrder: null,
          status: 'active',
          nominatedBy: input.createdBy,
        }),
      ),
  );
  return election.id;
}
