import { conflict, type DomainError } from '../common/errors/domain-error.js';

/**
 * The lifecycle of a board election (DESIGN.md §4), as data:
 *
 *   draft ──> nominations ──> voting ──> closed ──> certified
 *     └──────────────────────────^        (a tie waits for a tie-break before certifying)
 *   draft, nominations, voting ──cancel──> cancelled
 *
 * Closed elections stay closed: once voting has closed its ballots are counted and published, so
 * nobody may cancel it and hide the result (a tie waits for its tie-break, a quorum not met is a
 * result too). `applyTransition` is the only place a status changes; anything not in the table is
 * refused with the action's coded 409.
 */
export const ELECTION_STATUSES = [
  'draft',
  'nominations',
  'voting',
  'closed',
  'certified',
  'cancelled',
] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];

export type ElectionAction = 'open_nominations' | 'open_voting' | 'close_voting' | 'certify' | 'cancel';

interface TransitionRule {
  from: readonly ElectionStatus[];
  to: ElectionStatus;
  /** The code and message when the election is in any other state. */
  refusal: { code: string; message: string };
}

export const ELECTION_TRANSITIONS: Readonly<Record<ElectionAction, TransitionRule>> = {
  open_nominations: {
    from: ['draft'],
    to: 'nominations',
    refusal: { code: 'ELECTION_NOT_DRAFT', message: 'Nominations open only from a draft election' },
  },
  open_voting: {
    from: ['draft', 'nominations'],
    to: 'voting',
    refusal: { code: 'ELECTION_NOT_OPENABLE', message: 'Voting opens only from draft or nominations' },
  },
  close_voting: {
    from: ['voting'],
    to: 'closed',
    refusal: { code: 'ELECTION_NOT_OPEN', message: 'The election is not open for voting' },
  },
  certify: {
    from: ['closed'],
    to: 'certified',
    refusal: { code: 'ELECTION_NOT_CLOSED', message: 'Only a closed election can be certified' },
  },
  cancel: {
    from: ['draft', 'nominations', 'voting'],
    to: 'cancelled',
    refusal: {
      code: 'ELECTION_FINISHED',
      message: 'Only an election whose voting has not closed can be cancelled',
    },
  },
};

export function canTransition(status: ElectionStatus, action: ElectionAction): boolean {
  return ELECTION_TRANSITIONS[action].from.includes(status);
}

/** The state after `action`, or the action's coded 409 when the table does not allow it. */
export function applyTransition(status: ElectionStatus, action: ElectionAction): ElectionStatus {
  const rule = ELECTION_TRANSITIONS[action];
  if (!rule.from.includes(status)) throw transitionRefusal(status, action);
  return rule.to;
}

export function transitionRefusal(status: ElectionStatus, action: ElectionAction): DomainError {
  const { code, message } = ELECTION_TRANSITIONS[action].refusal;
  return conflict(code, message, { status, action });
}
