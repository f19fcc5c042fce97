import type { Attendance, ParticipantRole } from './entities/meeting-participant.entity.js';

export interface QuorumRule {
  quorumCount: number | null;
  quorumPercent: number | null;
}

export interface QuorumState {
  /** Participants who count towards the quorum (guests and observers do not). */
  eligible: number;
  present: number;
  required: number;
  met: boolean;
}

const NON_VOTING: ReadonlySet<ParticipantRole> = new Set(['guest', 'observer']);

/**
 * The quorum rule: at least `quorumCount` present; else at least `quorumPercent` % of the voting
 * participants (rounded up); else a simple majority (more than half).
 */
export function quorumRequired(rule: QuorumRule, eligible: number): number {
  if (rule.quorumCount != null) return rule.quorumCount;
  if (rule.quorumPercent != null) return Math.ceil((rule.quorumPercent * eligible) / 100);
  return Math.floor(eligible / 2) + 1;
}

export function quorumState(
  rule: QuorumRule,
  participants: { role: ParticipantRole; attendance: Attendance }[],
): QuorumState {
  const voting = participants.filter((p) => !NON_VOTING.has(p.role));
  const present = voting.filter((p) => p.attendance === 'present').length;
  const required = quorumRequired(rule, voting.length);
  return { eligible: voting.length, present, required, met: voting.length > 0 && present >= required };
}
