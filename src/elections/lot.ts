import { createHash, randomBytes } from 'node:crypto';

/**
 * The published procedure of a lot draw. Anyone holding the seed and the tied candidate ids can
 * repeat it with any SHA-256 tool, e.g. `printf '%s' "$SEED:$CANDIDATE_ID" | sha256sum`.
 */
export const LOT_PROCEDURE =
  'For each tied candidate, compute SHA-256 over the UTF-8 text "<seed>:<candidateId>" and write it as lower-case ' +
  'hex. Sort the tied candidates by that hex string, ascending. The first `seatsLeft` are elected; the others ' +
  'follow, in that order, as the first substitutes.';

export function newLotSeed(): string {
  return randomBytes(32).toString('hex');
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
