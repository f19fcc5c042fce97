/**
 * A published ballot's choices in ballot order (then by name), not in the order of their internal
 * ids: the same choices read the same on every ballot, and as the voters saw them.
 */
export function inBallotOrder(
  choices: readonly string[],
  candidates: readonly { candidateId: string; ballotOrder: number | null; fullName: string }[],
): string[] {
  const place = new Map(candidates.map((c, i) => [c.candidateId, { c, i }]));
  const key = (id: string) => place.get(id)?.c.ballotOrder ?? Number.MAX_SAFE_INTEGER;
  const name = (id: string) => place.get(id)?.c.fullName ?? id;
  return [...choices].sort((a, b) => key(a) - key(b) || name(a).localeCompare(name(b)) || a.localeCompare(b));
}
