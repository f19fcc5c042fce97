import { badRequest, type DomainError } from '../common/errors/domain-error.js';

/** What is wrong with a ballot, or undefined: at most `maxChoices` distinct active candidates. */
function ballotProblem(
  choices: readonly string[],
  activeCandidateIds: ReadonlySet<string>,
  maxChoices: number,
): DomainError | undefined {
  if (choices.length > maxChoices) {
    return badRequest('TOO_MANY_CHOICES', `A ballot may choose at most ${maxChoices} candidates`, {
      maxChoices,
      given: choices.length,
    });
  }
  const seen = new Set<string>();
  for (const id of choices) {
    if (seen.has(id))
      return badRequest('DUPLICATE_CANDIDATE', 'A candidate is chosen more than once', { candidateId: id });
    seen.add(id);
  }
  const unknown = choices.filter((id) => !activeCandidateIds.has(id));
  if (unknown.length > 0) {
    return badRequest('UNKNOWN_CANDIDATE', 'A chosen candidate is not standing in this election', {
      candidateIds: unknown,
    });
  }
  return undefined;
}

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
  const problem = ballotProblem(choices, activeCandidateIds, maxChoices);
  if (problem) throw problem;
  return [...choices].sort();
}

/** Whether `validateBallot` would accept these choices. */
export function isValidBallot(
  choices: readonly string[],
  activeCandidateIds: ReadonlySet<string>,
  maxChoices: number,
): boolean {
  return !ballotProblem(choices, activeCandidateIds, maxChoices);
}
