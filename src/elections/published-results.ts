import { conflict, forbidden } from '../common/errors/domain-error.js';
import type { ElectionResultsDto } from './dto/election.dto.js';
import type { Election } from './entities/election.entity.js';

/** Refuses anything published (results, receipts, ballots) before voting closes. */
export function assertClosed(e: Election): void {
  if (e.status !== 'closed' && e.status !== 'certified') {
    throw forbidden(
      'RESULTS_NOT_AVAILABLE',
      'Results, receipts and ballots are published after voting closes',
    );
  }
}

/** Closed, and the ballots mixed into the box (the tally, which mixes first, has stored its results). */
export function assertMixed(e: Election): void {
  assertClosed(e);
  if (!e.results) throw conflict('RESULTS_PENDING', 'The tally is running; try again in a moment');
}

/** The stored results as published, or the refusal while they are not. */
export function resultsOf(e: Election): ElectionResultsDto {
  assertMixed(e);
  const results = e.results!;
  return {
    electionId: e.id,
    status: e.status,
    lotCommitment: e.lotCommitment,
    ...results,
    // Results stored before the lot was committed have neither field.
    lotSeed: results.lotSeed ?? null,
    substituteLot: results.substituteLot ?? null,
  };
}
