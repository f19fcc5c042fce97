import type { Schemas } from '../../api/client';

type Quorum = Schemas['QuorumDto'];
type Participant = Pick<Schemas['MeetingDto']['participants'][number], 'id' | 'role' | 'attendance'>;

/** Guests and observers do not count towards the quorum (src/meetings/quorum.ts). */
const countsTowardsQuorum = (p: Participant) => p.role !== 'guest' && p.role !== 'observer';

/**
 * The quorum as the attendance list now reads, marks not yet saved included: the server's count of
 * those present, moved by each voting participant's new mark. What is required does not change
 * with the marks (it is off the voting participants, not who came).
 */
export function quorumWithMarks(
  q: Quorum,
  participants: Participant[],
  marks: Record<string, string>,
): Quorum {
  let present = q.present;
  for (const p of participants) {
    const mark = marks[p.id];
    if (mark === undefined || !countsTowardsQuorum(p)) continue;
    if (mark === 'present' && p.attendance !== 'present') present += 1;
    if (mark !== 'present' && p.attendance === 'present') present -= 1;
  }
  return { ...q, present, met: q.eligible > 0 && present >= q.required };
}
