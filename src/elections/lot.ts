import { createHash, randomBytes } from 'node:crypto';

/**
 * The published procedure of a lot draw. Anyone holding the seed and the tied candidate ids can
 * repeat it with any SHA-256 tool, e.g. `printf '%s' "$SEED:$CANDIDATE_ID" | sha256sum`, and check
 * the seed against the commitment published when voting opened: `printf '%s' "$SEED" | sha256sum`.
 */
export const LOT_PROCEDURE =
  'The seed was drawn when voting opened and its SHA-256 (over the UTF-8 text of the seed, lower-case hex) ' +
  'published as lotCommitment; check it first. For each tied candidate, compute SHA-256 over the UTF-8 text ' +
  '"<seed>:<candidateId>" and write it as lower-case hex. Sort the tied candidates by that hex string, ' +
  'ascending. Across the last seat: the first `seatsLeft` are elected; the others follow, in that order, as ' +
  'the first substitutes. Substitutes tied on votes: each group of equal votes is ordered the same way.';

export function newLotSeed(): string {
  return randomBytes(32).toString('hex');
}

/** What is published when voting opens: SHA-256 over the UTF-8 text of the seed, lower-case hex. */
export function lotCommitmentOf(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

export function lotHash(seed: string, candidateId: string): string {
  return createHash('sha256').update(`${seed}:${candidateId}`, 'utf8').digest('hex');
}

/** The draw: the tied candidates ordered by `lotHash`, ascending. Deterministic in (seed, ids). */
export function drawLot(
  seed: string,
  tiedCandidateIds: readonly string[],
): { candidateId: string; hash: string }[] {
  return tiedCandidateIds
    .map((candidateId) => ({ candidateId, hash: lotHash(seed, candidateId) }))
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
}
