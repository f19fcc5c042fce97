import type { ParticipantRole } from './entities/meeting-participant.entity.js';
import { quorumRequired, quorumState } from './quorum.js';

const p = (n: number, present: number, role: ParticipantRole = 'member') =>
  Array.from({ length: n }, (_, i) => ({
    role,
    attendance: i < present ? ('present' as const) : ('absent' as const),
  }));

describe('quorum', () => {
  it('defaults to a simple majority of the voting participants', () => {
    expect(quorumRequired({ quorumCount: null, quorumPercent: null }, 12)).toBe(7);
    expect(quorumRequired({ quorumCount: null, quorumPercent: null }, 11)).toBe(6);
  });

  it('uses a count, else a percentage rounded up', () => {
    expect(quorumRequired({ quorumCount: 3, quorumPercent: 90 }, 12)).toBe(3);
    expect(quorumRequired({ quorumCount: null, quorumPercent: 60 }, 12)).toBe(8);
  });

  it('counts the vice-chair, not guests or observers, and needs someone present', () => {
    const rule = { quorumCount: null, quorumPercent: null };
    expect(quorumState(rule, [...p(12, 7), ...p(3, 3, 'guest')])).toEqual({
      eligible: 12,
      present: 7,
      required: 7,
      met: true,
    });
    expect(quorumState(rule, p(12, 6)).met).toBe(false);
    expect(quorumState(rule, [...p(11, 6), ...p(1, 1, 'vice_chair'), ...p(2, 2, 'observer')])).toEqual({
      eligible: 12,
      present: 7,
      required: 7,
      met: true,
    });
    expect(quorumState({ quorumCount: 0, quorumPercent: null }, []).met).toBe(false);
  });
});
