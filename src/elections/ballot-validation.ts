import { badRequest } from '../common/errors/domain-error.js';

/**
 * Checks a ballot: 0 (blank) to `maxChoices` distinct candidates, each an active candidate of
 * the election. Returns the choices sorted, so the stored ballot does not keep the order in
 * which the voter picked (which could fingerprint a ballot).
 */
export function validateBallot(
  choices: readonly string[],
  activeCandidateIds: ReadonlySet<string>,
  maxChoices: number,
): string[] {
  if (choices.length > maxChoices) {
    throw badRequest('TOO_MANY_CHOICES', `A ballot may choose at most ${maxChoices} candidates`, {
      maxChoices,
      given: choices.length,
    });
  }
  const seen = new Set<string>();
  for (const id of choices) {
    if (seen.has(id))
      throw badRequest('DUPLICATE_CANDIDATE', 'A candidate is chosen more than once', { candidateId: id });
    seen.add(id);
  }
  const unknown = choices.filter((id) => !activeCandidateIds.has(id));
  if (unknown.length > 0) {
    throw badRequest('UNKNOWN_CANDIDATE', 'A chosen candidate is not standing in this election', {
      candidateIds: unknown,
    });
  }
  return [...choices].sort();
}

/** Whether `validateBallot` would accept these choices (without building its error). */
export function isValidBallot(
  choices: readonly string[],
  activeCandidateIds: ReadonlySet<string>,
  maxChoices: number,
): boolean {
  return (
    choices.length <= maxChoices &&
    new Set(choices).size === choices.length &&
    choices.every((id) => activeCandidateIds.has(id))
  );
}
