import { conflict, type DomainError } from '../../common/errors/domain-error.js';
import { hasStarted } from '../dates.js';
import type { MeetingStatus, MinutesStatus } from '../entities/meeting.entity.js';
import { canMeetingTransition, lifecycleStatus } from './meeting-state.js';
import { canMinutesTransition, minutesRefusal } from './minutes-state.js';

/**
 * Why minutes cannot be submitted for approval now (the app shows it beside the disabled button):
 * - `cancelled`, `in_approval`, `locked`, `empty`: the meeting's and the minutes' tables;
 * - `not_started`: the meeting has not begun; `no_one_present`: nobody is recorded present.
 *   Minutes record a meeting that was held: the chair is not asked to approve the record of a
 *   meeting that has not happened (409 `MEETING_NOT_HELD`);
 * - `decisions_without_quorum`: the quorum was not met, and the minutes record decisions. An
 *   inquorate meeting is still recorded (who came, what was discussed, that the quorum failed:
 *   the printed minutes say so), but it cannot decide anything (409 `QUORUM_NOT_MET`);
 * - `votes_exceed_present`: a decision counts more votes (for, against and abstentions) than voting
 *   participants were recorded present: each of them votes once, so the counts or the attendance
 *   are wrong (409 `VOTES_EXCEED_PRESENT`).
 */
export const SUBMIT_BLOCKS = [
  'cancelled',
  'in_approval',
  'locked',
  'not_started',
  'no_one_present',
  'empty',
  'decisions_without_quorum',
  'votes_exceed_present',
] as const;
export type SubmitBlock = (typeof SUBMIT_BLOCKS)[number];

export interface SubmissionFacts {
  status: MeetingStatus;
  minutesStatus: MinutesStatus;
  startsAt: Date;
  /** Participants recorded present (guests included). */
  present: number;
  /** Voting participants present and required (quorum.ts). */
  quorum: { present: number; required: number; met: boolean };
  /** Decisions in the latest revision. */
  decisions: number;
  /** The first decision (1-based) whose votes counted exceed the voting participants present, with its count. */
  overcounted: { decision: number; votes: number } | null;
}

/** Votes are counted as recorded; a count left empty is none. */
type Counts = { votesFor?: number | null; votesAgainst?: number | null; abstentions?: number | null };

/** The first decision whose counted votes exceed `present` voters (each votes once), or null. */
export function overcounted(
  decisions: readonly Counts[],
  present: number,
): { decision: number; votes: number } | null {
  for (const [i, d] of decisions.entries()) {
    const votes = (d.votesFor ?? 0) + (d.votesAgainst ?? 0) + (d.abstentions ?? 0);
    if (votes > present) return { decision: i + 1, votes };
  }
  return null;
}

/** The first reason, in the order a secretary fixes them, or null when the minutes can be submitted. */
export function submitBlock(f: SubmissionFacts, now: Date = new Date()): SubmitBlock | null {
  if (!canMeetingTransition(lifecycleStatus(f), 'record')) return 'cancelled';
  if (f.minutesStatus === 'in_approval') return 'in_approval';
  if (f.minutesStatus === 'approved') return 'locked';
  if (!hasStarted(f, now)) return 'not_started';
  if (f.present === 0) return 'no_one_present';
  if (!canMinutesTransition(f.minutesStatus, 'submit')) return 'empty';
  if (!f.quorum.met && f.decisions > 0) return 'decisions_without_quorum';
  if (f.overcounted) return 'votes_exceed_present';
  return null;
}

/** The coded 409 for a refused submission; nothing is changed. */
export function submitRefusal(block: SubmitBlock, f: SubmissionFacts): DomainError {
  switch (block) {
    case 'cancelled':
      return conflict('MEETING_CANCELLED', 'The meeting was cancelled');
    case 'in_approval':
    case 'locked':
    case 'empty':
      return minutesRefusal(f.minutesStatus, 'submit');
    case 'not_started':
      return conflict(
        'MEETING_NOT_HELD',
        'The meeting has not begun: minutes are submitted once it has been held',
        { reason: block, startsAt: f.startsAt.toISOString() },
      );
    case 'no_one_present':
      return conflict(
        'MEETING_NOT_HELD',
        'Nobody is recorded present: record the attendance of the meeting before submitting its minutes',
        { reason: block, present: 0 },
      );
    case 'decisions_without_quorum':
      return conflict(
        'QUORUM_NOT_MET',
        'The quorum was not met, so the meeting took no decisions: remove them from the minutes or correct the attendance',
        { present: f.quorum.present, required: f.quorum.required, decisions: f.decisions },
      );
    case 'votes_exceed_present':
      return conflict(
        'VOTES_EXCEED_PRESENT',
        'A decision counts more votes than voting participants were present: correct its counts or the attendance',
        { present: f.quorum.present, ...f.overcounted },
      );
  }
}
